# The request store: one table, one item per request (its audit events included), found by `pk`.
#
# The key schema and the indexes must match DynamoRequestStore.tableDefinition in aws-function
# (the store's own description of its table, which the DynamoDB Local tests create). If one
# changes, change the other; terraform/test checks this side.
#
#   index                 hash key                range key      used for
#   due                   dueKey (S)              dueAt (N)      the sweep: "<STATE>#<kind>" items due by now
#   byRequester           requester (S)           createdAt (N)  a requester's own requests, newest first
#   pendingByEntitlement  pendingEntitlement (S)  createdAt (N)  PENDING requests an approver may decide
#   byGrantKey            grantKey (S)            state (S)      reference counting: holders of one grant
#   byAuditHour           auditHour (S)           auditRequest (S) the audit export: requests with events in an hour
#
# byAuditHour holds only the small index items "AUDIT#<hour>#<id>", one per request and hour it
# has audit events in (the hour as epoch milliseconds), so an export reads only its range.
#
# dueKey, dueAt and pendingEntitlement are present only while they apply, so those indexes are
# sparse. Every index projects keys only: the store re-reads the items it finds with a consistent
# BatchGetItem, so a document of hundreds of KB is never copied into four indexes.

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
    name = "dueKey"
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
    name = "pendingEntitlement"
    type = "S"
  }

  attribute {
    name = "grantKey"
    type = "S"
  }

  attribute {
    name = "state"
    type = "S"
  }

  attribute {
    name = "auditHour"
    type = "S"
  }

  attribute {
    name = "auditRequest"
    type = "S"
  }

  global_secondary_index {
    name            = "due"
    hash_key        = "dueKey"
    range_key       = "dueAt"
    projection_type = "KEYS_ONLY"
  }

  global_secondary_index {
    name            = "byRequester"
    hash_key        = "requester"
    range_key       = "createdAt"
    projection_type = "KEYS_ONLY"
  }

  global_secondary_index {
    name            = "pendingByEntitlement"
    hash_key        = "pendingEntitlement"
    range_key       = "createdAt"
    projection_type = "KEYS_ONLY"
  }

  global_secondary_index {
    name            = "byGrantKey"
    hash_key        = "grantKey"
    range_key       = "state"
    projection_type = "KEYS_ONLY"
  }

  global_secondary_index {
    name            = "byAuditHour"
    hash_key        = "auditHour"
    range_key       = "auditRequest"
    projection_type = "KEYS_ONLY"
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
