# One execution role per function, each with one inline policy and no managed policy (the managed
# AWSLambdaBasicExecutionRole would allow writing to every log group).
#
# Rules, checked by terraform/test/iam-policy.test.mjs:
# - every action is named in full: no "*" and no "service:*" or other wildcard;
# - no statement has Resource "*"; every resource is this module's own (table, secret, log group)
#   or comes from a variable whose validation refuses wildcards;
# - the Identity Center, IdentityStore, STS and IAM actions are exactly the ones the providers call.
#
# Actions that AWS authorizes only on Resource "*" are not used at all. The ARN formats follow the
# Service Authorization Reference:
#   sso            instance       arn:${Partition}:sso:::instance/${InstanceId}
#                  permissionSet  arn:${Partition}:sso:::permissionSet/${InstanceId}/${PermissionSetId}
#                  account        arn:${Partition}:sso:::account/${AccountId}
#   identitystore  identitystore  arn:${Partition}:identitystore::${Account}:identitystore/${IdentityStoreId}
#                  user           arn:${Partition}:identitystore:::user/${UserId}
# CreateAccountAssignment and DeleteAccountAssignment need all three sso resource types; the two
# status calls need the instance only. Identity Center itself creates the roles in the target
# accounts (through its service-linked role), so no iam action is needed for that.

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    sid     = "LambdaService"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# What both functions need: the API activates grants on the fast path, and the sweep retries
# activations, expires grants and sends mail (reminders carry approval links, hence the key).
data "aws_iam_policy_document" "shared" {
  # Must match what DynamoRequestStore calls: no Scan, no UpdateItem, no DeleteItem, no writes in
  # batches. BatchGetItem re-reads, consistently, the items its keys-only index queries found.
  statement {
    sid       = "RequestTableItems"
    effect    = "Allow"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.requests.arn]
  }

  statement {
    sid       = "RequestTableQueries"
    effect    = "Allow"
    actions   = ["dynamodb:Query"]
    resources = [aws_dynamodb_table.requests.arn, "${aws_dynamodb_table.requests.arn}/index/*"]
  }

  statement {
    sid       = "Mail"
    effect    = "Allow"
    actions   = ["ses:SendEmail"]
    resources = [var.ses_identity_arn]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.mail_from]
    }
  }

  dynamic "statement" {
    for_each = local.sso_enabled ? [1] : []

    content {
      sid    = "IdentityCenterAssignments"
      effect = "Allow"
      # ListAccountAssignments tells, after a ConflictException, whether the assignment exists.
      actions   = ["sso:CreateAccountAssignment", "sso:DeleteAccountAssignment", "sso:ListAccountAssignments"]
      resources = concat([var.sso_instance_arn], var.permission_set_arns, local.sso_account_arns)
    }
  }

  dynamic "statement" {
    for_each = local.sso_enabled ? [1] : []

    content {
      sid    = "IdentityCenterAssignmentStatus"
      effect = "Allow"
      actions = [
        "sso:DescribeAccountAssignmentCreationStatus",
        "sso:DescribeAccountAssignmentDeletionStatus",
        "sso:ListAccountAssignmentDeletionStatus",
      ]
      resources = [var.sso_instance_arn]
    }
  }

  dynamic "statement" {
    for_each = local.sso_enabled ? [1] : []

    content {
      sid       = "IdentityStoreUserByEmail"
      effect    = "Allow"
      actions   = ["identitystore:GetUserId"]
      resources = [local.identity_store_arn, local.identity_store_user_arns]
    }
  }
}

# --- API role ------------------------------------------------------------------------------------

data "aws_iam_policy_document" "api" {
  source_policy_documents = [data.aws_iam_policy_document.shared.json]

  statement {
    sid       = "OwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.api.arn}:*"]
  }

  # aws.role-credentials: GET /api/v1/requests/{id}/credentials assumes the role with the
  # requester as source identity and the request id as a session tag.
  dynamic "statement" {
    for_each = local.role_credentials_enabled ? [1] : []

    content {
      sid       = "RoleCredentials"
      effect    = "Allow"
      actions   = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
      resources = var.assumable_role_arns
    }
  }

  # aws.role-credentials: before it issues credentials or writes a revoke policy, the provider
  # reads the role to check that it carries the configured permissions boundary; early revoke
  # lists, reads and deletes its own stale policies to stay under IAM's 10,240-character limit
  # for a role's inline policies.
  dynamic "statement" {
    for_each = local.role_credentials_enabled ? [1] : []

    content {
      sid       = "RoleCredentialsReadRoles"
      effect    = "Allow"
      actions   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies"]
      resources = var.assumable_role_arns
    }
  }

  # aws.role-credentials early revoke: a deny statement on the role for sessions issued before now,
  # one inline policy per requester. Only on roles whose permissions boundary is exactly
  # role_permissions_boundary_arn (IAM's iam:PermissionsBoundary condition key applies to
  # PutRolePolicy and DeleteRolePolicy; a role without a boundary has no value for it, so
  # StringEquals fails): whatever this role writes, even Allow *:*, the role's effective
  # permissions stay within the boundary, and this role can change no boundary and no policy
  # version, attach nothing, and touch none of jitgate's own roles.
  dynamic "statement" {
    for_each = local.role_credentials_enabled ? [1] : []

    content {
      sid       = "RoleCredentialsEarlyRevoke"
      effect    = "Allow"
      actions   = ["iam:DeleteRolePolicy", "iam:PutRolePolicy"]
      resources = var.assumable_role_arns

      condition {
        test     = "StringEquals"
        variable = "iam:PermissionsBoundary"
        values   = [var.role_permissions_boundary_arn]
      }
    }
  }
}

resource "aws_iam_role" "api" {
  name                 = local.api_function_name
  description          = "Execution role of the jitgate API function"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "api" {
  name   = "jitgate-api"
  role   = aws_iam_role.api.id
  policy = data.aws_iam_policy_document.api.json
}

# --- sweep role ----------------------------------------------------------------------------------

# No sts and no iam: the sweep never hands out credentials, role credentials expire on their own,
# and an early revoke is done by the API call that asks for it.
data "aws_iam_policy_document" "sweep" {
  source_policy_documents = [data.aws_iam_policy_document.shared.json]

  statement {
    sid       = "OwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.sweep.arn}:*"]
  }
}

resource "aws_iam_role" "sweep" {
  name                 = local.sweep_function_name
  description          = "Execution role of the jitgate sweep function"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "sweep" {
  name   = "jitgate-sweep"
  role   = aws_iam_role.sweep.id
  policy = data.aws_iam_policy_document.sweep.json
}
