# jitgate on AWS: two Lambda functions from one jar (the API and the sweep), a DynamoDB table, the
# approval-link signing keys in Secrets Manager (handed to the functions encrypted under a KMS key
# only their roles may decrypt with), an execution role per function with least
# privilege, and log groups with a retention. The files split it up:
#
#   dynamodb.tf    the request table and its indexes
#   secrets.tf     the signing-key secret, its first version, the KMS key and the ciphertext
#   lambda.tf      both functions, their log groups, the API alias, the sweep schedule
#   front_door.tf  the HTTP API with a JWT authorizer, or the function URL
#   iam.tf         the two execution roles and their policies
#
# With shared_store set, the functions keep their requests in a PostgreSQL database that
# deployments on other clouds share (JITGATE_STORE=postgresql); its password is a Secrets Manager
# secret handed over encrypted like the keys (secrets.tf). The table is still created, unused.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  http_api = var.front_door == "http_api"

  jar_is_absolute = startswith(var.jar_path, "/") || can(regex("^[A-Za-z]:[\\\\/]", var.jar_path))
  jar_file        = local.jar_is_absolute ? var.jar_path : "${path.module}/${var.jar_path}"

  # The custom runtime: its own JRE and class-data archive on provided.al2023, without SnapStart.
  custom_runtime    = var.lambda_package == "custom-runtime"
  zip_is_absolute   = startswith(var.custom_runtime_zip_path, "/") || can(regex("^[A-Za-z]:[\\\\/]", var.custom_runtime_zip_path))
  zip_file          = local.zip_is_absolute ? var.custom_runtime_zip_path : "${path.module}/${var.custom_runtime_zip_path}"
  layer_is_absolute = startswith(var.custom_runtime_layer_path, "/") || can(regex("^[A-Za-z]:[\\\\/]", var.custom_runtime_layer_path))
  layer_file        = local.layer_is_absolute ? var.custom_runtime_layer_path : "${path.module}/${var.custom_runtime_layer_path}"
  package_file      = local.custom_runtime ? local.zip_file : local.jar_file
  function_runtime  = local.custom_runtime ? "provided.al2023" : var.runtime

  api_function_name   = "${var.name}-api"
  sweep_function_name = "${var.name}-sweep"

  # Identity Center. Nothing sso- or identitystore-related is granted unless an instance is set.
  sso_enabled      = var.sso_instance_arn != null
  sso_account_arns = [for id in var.account_ids : "arn:${local.partition}:sso:::account/${id}"]
  identity_store_arn = format(
    "arn:%s:identitystore::%s:identitystore/%s",
    local.partition,
    coalesce(var.identity_store_account_id, local.account_id),
    coalesce(var.identity_store_id, "unset"),
  )
  # GetUserId looks a user up by email, so the user's id is not known in advance.
  identity_store_user_arns = "arn:${local.partition}:identitystore:::user/*"

  role_credentials_enabled = length(var.assumable_role_arns) > 0

  # The shared store (PostgreSQL) instead of the table.
  shared_store = var.shared_store != null

  # The secret settings handed to the functions as KMS ciphertexts (secrets.tf): each is the
  # encryption context of its ciphertext, and the key policy lets the functions decrypt with
  # these contexts only.
  kms_settings = concat(["JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY"], local.shared_store ? ["JITGATE_JDBC_PASSWORD"] : [])

  base_url = var.base_url != null ? var.base_url : (local.http_api ? aws_apigatewayv2_api.http[0].api_endpoint : "")

  # The composition root of aws-function reads these. Null and empty values are left out.
  jitgate_environment = {
    JITGATE_TABLE    = aws_dynamodb_table.requests.name
    JITGATE_BASE_URL = local.base_url
    # Encrypted: only the functions' roles may decrypt it (secrets.tf).
    JITGATE_SIGNING_KEYS_KMS     = aws_kms_ciphertext.signing_keys.ciphertext_blob
    JITGATE_SIGNING_KEYS_KMS_KEY = aws_kms_key.signing_keys.arn
    JITGATE_AUDIT_KEY_KMS        = aws_kms_ciphertext.audit_key.ciphertext_blob
    JITGATE_AUDIT_KEY_KMS_KEY    = aws_kms_key.signing_keys.arn
    # Checked on every role before credentials or a revoke policy (iam.tf).
    JITGATE_AWS_ROLE_BOUNDARY_ARN = var.role_permissions_boundary_arn
    JITGATE_MAIL                  = "ses"
    JITGATE_MAIL_FROM             = var.mail_from
    JITGATE_AUTH                  = local.http_api ? "apigateway-jwt" : "oidc"
    JITGATE_OIDC_ISSUER           = var.oidc_issuer
    JITGATE_OIDC_AUDIENCE         = var.oidc_audience
    JITGATE_OIDC_JWKS_URI         = var.oidc_jwks_uri
    # The shared store, when set: the password only as a ciphertext, like the keys (secrets.tf).
    JITGATE_STORE                 = local.shared_store ? "postgresql" : null
    JITGATE_JDBC_URL              = local.shared_store ? var.shared_store.jdbc_url : null
    JITGATE_JDBC_USER             = local.shared_store ? var.shared_store.user : null
    JITGATE_JDBC_PASSWORD_KMS     = local.shared_store ? aws_kms_ciphertext.jdbc_password[0].ciphertext_blob : null
    JITGATE_JDBC_PASSWORD_KMS_KEY = local.shared_store ? aws_kms_key.signing_keys.arn : null
    JITGATE_DEPLOYMENT            = local.shared_store ? var.shared_store.deployment_name : null
    JITGATE_POLICY_TAKEOVER       = local.shared_store ? (var.shared_store.policy_takeover ? "true" : null) : null
  }
  environment = {
    for key, value in merge(var.environment, local.jitgate_environment) : key => value
    if value != null && value != ""
  }
}
