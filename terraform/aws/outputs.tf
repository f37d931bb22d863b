output "api_url" {
  description = "Where the API is reached: the HTTP API's default stage URL or the function URL. Approval links start with base_url instead when it is set."
  value       = local.http_api ? one(aws_apigatewayv2_stage.default[*].invoke_url) : one(aws_lambda_function_url.api[*].function_url)
}

output "front_door" {
  description = "The front door in use: http_api or function_url."
  value       = var.front_door
}

output "api_function_name" {
  description = "Name of the API function."
  value       = aws_lambda_function.api.function_name
}

output "api_alias_arn" {
  description = "ARN of the API function's `live` alias, the published SnapStart version the front door invokes."
  value       = aws_lambda_alias.api.arn
}

output "sweep_function_name" {
  description = "Name of the sweep function, run every minute by EventBridge."
  value       = aws_lambda_function.sweep.function_name
}

output "table_name" {
  description = "Name of the DynamoDB request table (JITGATE_TABLE)."
  value       = aws_dynamodb_table.requests.name
}

output "table_arn" {
  description = "ARN of the DynamoDB request table."
  value       = aws_dynamodb_table.requests.arn
}

output "signing_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the approval-link signing keys (rotate it, then apply again: Terraform encrypts the new value for the functions)."
  value       = aws_secretsmanager_secret.signing_keys.arn
}

output "signing_keys_kms_key_arn" {
  description = "ARN of the KMS key the functions' copy of the signing keys is encrypted under; its policy lets only the two function roles decrypt."
  value       = aws_kms_key.signing_keys.arn
}

output "api_role_arn" {
  description = "ARN of the API function's execution role. The trust policy of every role in assumable_role_arns must trust it."
  value       = aws_iam_role.api.arn
}

output "sweep_role_arn" {
  description = "ARN of the sweep function's execution role."
  value       = aws_iam_role.sweep.arn
}
