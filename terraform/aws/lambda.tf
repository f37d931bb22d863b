# Both functions run from the same jar. Each has its own role (iam.tf) and its own log group,
# created here with a retention so that Lambda never creates one that keeps logs forever.

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/${local.api_function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "sweep" {
  name              = "/aws/lambda/${local.sweep_function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# The custom runtime's JRE (lambda_package "custom-runtime"), unpacked by Lambda under /opt, where
# the package's bootstrap looks for it. A layer of its own keeps each zip under the 50 MB limit of
# a direct upload.
resource "aws_lambda_layer_version" "jre" {
  count                    = local.custom_runtime ? 1 : 0
  layer_name               = "${var.name}-jre"
  description              = "jitgate: the jlinked JRE of the provided.al2023 package"
  filename                 = local.layer_file
  source_code_hash         = filebase64sha256(local.layer_file)
  compatible_runtimes      = ["provided.al2023"]
  compatible_architectures = ["x86_64"]
}

# --- the API -------------------------------------------------------------------------------------

# SnapStart snapshots a published version after its init (the jar's priming hook runs then), so
# the function publishes a version on every change and the front door calls the `live` alias,
# never $LATEST.
resource "aws_lambda_function" "api" {
  function_name    = local.api_function_name
  description      = "jitgate API: requests, approvals, approval pages"
  role             = aws_iam_role.api.arn
  filename         = local.package_file
  source_code_hash = filebase64sha256(local.package_file)
  handler          = "dev.jitgate.aws.handler.ApiHandler::handleRequest"
  runtime          = local.function_runtime
  layers           = aws_lambda_layer_version.jre[*].arn
  architectures    = [var.architecture]
  memory_size      = var.api_memory_size
  timeout          = var.api_timeout
  publish          = true

  # On provided.al2023 the package's class-data archive does what SnapStart does here.
  dynamic "snap_start" {
    for_each = local.custom_runtime ? [] : ["PublishedVersions"]
    content {
      apply_on = snap_start.value
    }
  }

  environment {
    variables = local.environment
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.api.name
  }

  tags = var.tags

  # The policy must be in place before the first invocation (the SnapStart init runs at publish).
  depends_on = [aws_iam_role_policy.api]

  lifecycle {
    # The package's JRE is jlinked on the build machine, for x86_64.
    precondition {
      condition     = !local.custom_runtime || var.architecture == "x86_64"
      error_message = "lambda_package \"custom-runtime\" carries an x86_64 JRE: set architecture to x86_64."
    }
    precondition {
      condition     = !local.sso_enabled || var.identity_store_id != null
      error_message = "identity_store_id is required when sso_instance_arn is set: aws.identity-center finds users in it."
    }
    precondition {
      condition     = !local.sso_enabled || (length(var.permission_set_arns) > 0 && length(var.account_ids) > 0)
      error_message = "permission_set_arns and account_ids must both be non-empty when sso_instance_arn is set."
    }
    precondition {
      condition     = local.sso_enabled || (length(var.permission_set_arns) == 0 && length(var.account_ids) == 0 && var.identity_store_id == null)
      error_message = "permission_set_arns, account_ids and identity_store_id only make sense with sso_instance_arn."
    }
    precondition {
      condition     = !local.role_credentials_enabled || var.role_permissions_boundary_arn != null
      error_message = "role_permissions_boundary_arn is required with assumable_role_arns: the API role may write inline policies only on roles that carry that boundary."
    }
    # iam:GetRole and iam:PutRolePolicy have no cross-account form: the function could check no
    # boundary there, and refuses such roles.
    precondition {
      condition     = alltrue([for arn in var.assumable_role_arns : split(":", arn)[4] == local.account_id])
      error_message = "Some assumable_role_arns are in another account: jitgate cannot check their permissions boundary (iam:GetRole) nor revoke them early (iam:PutRolePolicy), and refuses them."
    }
    precondition {
      condition     = alltrue([for arn in var.assumable_role_arns : !contains([local.api_function_name, local.sweep_function_name], element(split("/", arn), length(split("/", arn)) - 1))])
      error_message = "assumable_role_arns must not name jitgate's own roles: the API role would hold iam:PutRolePolicy on itself."
    }
  }
}

resource "aws_lambda_alias" "api" {
  name             = "live"
  description      = "The published version the front door invokes (SnapStart applies to published versions only)"
  function_name    = aws_lambda_function.api.function_name
  function_version = aws_lambda_function.api.version
}

# --- the sweep -----------------------------------------------------------------------------------

resource "aws_lambda_function" "sweep" {
  function_name    = local.sweep_function_name
  description      = "jitgate sweep: timeouts, retries, expiry, reminders"
  role             = aws_iam_role.sweep.arn
  filename         = local.package_file
  source_code_hash = filebase64sha256(local.package_file)
  handler          = "dev.jitgate.aws.handler.SweepHandler::handleRequest"
  runtime          = local.function_runtime
  layers           = aws_lambda_layer_version.jre[*].arn
  architectures    = [var.architecture]
  memory_size      = var.sweep_memory_size
  timeout          = var.sweep_timeout

  environment {
    variables = local.environment
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.sweep.name
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.sweep]
}

# A failed sweep is not retried: the next one starts within a minute and does the same work.
resource "aws_lambda_function_event_invoke_config" "sweep" {
  function_name                = aws_lambda_function.sweep.function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 60
}

resource "aws_cloudwatch_event_rule" "sweep" {
  name                = local.sweep_function_name
  description         = "Runs the jitgate sweep every minute"
  schedule_expression = "rate(1 minute)"
  tags                = var.tags
}

resource "aws_cloudwatch_event_target" "sweep" {
  rule = aws_cloudwatch_event_rule.sweep.name
  arn  = aws_lambda_function.sweep.arn

  retry_policy {
    maximum_retry_attempts       = 0
    maximum_event_age_in_seconds = 60
  }
}

resource "aws_lambda_permission" "sweep_schedule" {
  statement_id  = "AllowSweepSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.sweep.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.sweep.arn
}
