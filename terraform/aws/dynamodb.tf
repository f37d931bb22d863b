# The request store: one table, one item per request (its audit events included), found by `pk`.
#
# The key schema and the indexes must match DynamoRequestStore.tableDefinition in aws-function
# (the store's own description of its table, which the DynamoDB Local tests create). If one
# changes, change the other; terraform/test checks this side.
#
#   index      hash key       range key     used for
#   due        state (S)      dueAt (N)     the sweep: items in a state whose due time has passed
#   requester  requester (S)  createdAt (N) a requester's own requests, newest first
#   grantKey   grantKey (S)   state (S)     reference counting: ACTIVE requests holding one grant
#   pending    entitlement(S) createdAt (N) PENDING requests for the entitlements an approver decides

resource "aws_dynamodb_table" "requests" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = var.table_deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "state"
    type = "S"
  }

  attribute {
    name = "dueAt"
    type = "N"
  }

  attribute {
    name = "requester"
    type = "S"
  }

  attribute {
    name = "createdAt"
    type = "N"
  }

  attribute {
    name = "grantKey"
    type = "S"
  }

  attribute {
    name = "entitlement"
    type = "S"
  }

  global_secondary_index {
    name            = "due"
    hash_key        = "state"
    range_key       = "dueAt"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "requester"
    hash_key        = "requester"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "grantKey"
    hash_key        = "grantKey"
    range_key       = "state"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "pending"
    hash_key        = "entitlement"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.table_kms_key_arn
  }

  tags = var.tags
}
