# Inputs of the jitgate AWS module. Every variable has a type and a description
# (terraform/test checks it). Variables that end up in an IAM policy's Resource element are
# validated so that no wildcard can get in through them.

# --- naming and packaging -------------------------------------------------------------------------

variable "name" {
  type        = string
  description = "Prefix for every resource name: the functions are NAME-api and NAME-sweep, the table NAME, the secret NAME/signing-keys."
  default     = "jitgate"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{3,40}$", var.name))
    error_message = "name must be 3 to 40 letters, digits or hyphens."
  }
}

variable "jar_path" {
  type        = string
  description = "The deployable jar built by `mvn -pl aws-function -am package`. A relative path is resolved against this module's directory, so the default is the build output of this repository; pass an absolute path (for example with abspath()) for a jar elsewhere."
  default     = "../../aws-function/target/jitgate-aws.jar"
}

variable "lambda_package" {
  type        = string
  description = "What both functions run: \"managed\" (the default) is jar_path on Lambda's managed Java runtime (var.runtime) with SnapStart on the API; \"custom-runtime\" is custom_runtime_zip_path on provided.al2023 with the layer custom_runtime_layer_path, a package that brings its own jlinked JRE and what a build-time training run wrote: an AOT cache when built with JITGATE_RUNTIME_JDK naming a JDK 25 or later (the fastest start), else an AppCDS archive (built by `mvn -pl aws-function -am -Pcustom-runtime package`, x86_64 only). SnapStart does not apply to provided.al2023."
  default     = "managed"

  validation {
    condition     = contains(["managed", "custom-runtime"], var.lambda_package)
    error_message = "lambda_package must be managed or custom-runtime."
  }
}

variable "custom_runtime_zip_path" {
  type        = string
  description = "The provided.al2023 package built by `mvn -pl aws-function -am -Pcustom-runtime package`, used when lambda_package is \"custom-runtime\". A relative path is resolved against this module's directory."
  default     = "../../aws-function/target/jitgate-aws-custom-runtime.zip"
}

variable "custom_runtime_layer_path" {
  type        = string
  description = "The JRE layer of the provided.al2023 package (jitgate-aws-jre-layer.zip, built with it), used when lambda_package is \"custom-runtime\". A relative path is resolved against this module's directory."
  default     = "../../aws-function/target/jitgate-aws-jre-layer.zip"
}

variable "runtime" {
  type        = string
  description = "Lambda Java runtime when lambda_package is \"managed\". Both support SnapStart."
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set of both functions: x86_64 or arm64."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "api_memory_size" {
  type        = number
  description = "Memory of the API function in MB (CPU grows with it, and so does the speed of a restore)."
  default     = 1024

  validation {
    condition     = var.api_memory_size >= 256 && var.api_memory_size <= 10240
    error_message = "api_memory_size must be between 256 and 10240."
  }
}

variable "api_timeout" {
  type        = number
  description = "Timeout of the API function in seconds. An approval that activates a grant waits for Identity Center, so leave room; an HTTP API cuts the request at 30 s whatever this says."
  default     = 30

  validation {
    condition     = var.api_timeout >= 3 && var.api_timeout <= 900
    error_message = "api_timeout must be between 3 and 900."
  }
}

variable "sweep_memory_size" {
  type        = number
  description = "Memory of the sweep function in MB."
  default     = 512

  validation {
    condition     = var.sweep_memory_size >= 256 && var.sweep_memory_size <= 10240
    error_message = "sweep_memory_size must be between 256 and 10240."
  }
}

variable "sweep_timeout" {
  type        = number
  description = "Timeout of the sweep function in seconds. The sweep runs every minute; a longer run overlaps the next one, which is safe (every transition is a conditional write) but wasteful."
  default     = 60

  validation {
    condition     = var.sweep_timeout >= 3 && var.sweep_timeout <= 900
    error_message = "sweep_timeout must be between 3 and 900."
  }
}

variable "environment" {
  type        = map(string)
  description = "Extra environment variables for both functions (for example where the policy file is). The module's own JITGATE_* settings win over a key of the same name. JITGATE_SIGNING_KEYS and JITGATE_AUDIT_KEY are refused: the functions get those keys only as KMS ciphertexts (secrets.tf)."
  default     = {}

  validation {
    condition     = !contains(keys(var.environment), "JITGATE_SIGNING_KEYS") && !contains(keys(var.environment), "JITGATE_AUDIT_KEY")
    error_message = "environment must not set JITGATE_SIGNING_KEYS or JITGATE_AUDIT_KEY: lambda:GetFunctionConfiguration would show the plain keys. The module passes them encrypted (JITGATE_SIGNING_KEYS_KMS, JITGATE_AUDIT_KEY_KMS)."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_JDBC_PASSWORD_KMS", "JITGATE_JDBC_PASSWORD_KMS_KEY", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"])) == 0
    error_message = "environment must not set JITGATE_STORE, JITGATE_JDBC_*, JITGATE_DEPLOYMENT or JITGATE_POLICY_TAKEOVER: set shared_store and shared_store_password instead, so that the database password reaches the functions only encrypted."
  }
}

# --- front door and sign-in ----------------------------------------------------------------------

variable "front_door" {
  type        = string
  description = "How the API is reached: \"http_api\" (API Gateway HTTP API whose JWT authorizer checks the OIDC token, and the function verifies it again, so a direct invocation with made-up claims gets nowhere) or \"function_url\" (a Lambda function URL with auth type NONE; the function checks the OIDC token itself)."
  default     = "http_api"

  validation {
    condition     = contains(["http_api", "function_url"], var.front_door)
    error_message = "front_door must be \"http_api\" or \"function_url\"."
  }
}

variable "base_url" {
  type        = string
  description = "Public base URL of the API, the start of every approval link (JITGATE_BASE_URL), e.g. a custom domain. Null means the HTTP API's own endpoint. With front_door = \"function_url\" it must be set, because the function URL is only known after the function exists: apply once, then set it to the api_url output (or your domain) and apply again."
  default     = null

  validation {
    condition     = var.base_url == null || can(regex("^https://[^\\s/]+(/[^\\s]*)?$", var.base_url))
    error_message = "base_url must be an https:// URL."
  }
}

variable "oidc_issuer" {
  type        = string
  nullable    = false
  description = "OIDC issuer URL of the identity provider whose tokens callers present (JITGATE_OIDC_ISSUER, and the JWT authorizer's issuer)."

  validation {
    condition     = can(regex("^https://", var.oidc_issuer))
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "oidc_audience" {
  type        = string
  nullable    = false
  description = "Audience (client id) the tokens must carry (JITGATE_OIDC_AUDIENCE, and the JWT authorizer's audience)."

  validation {
    condition     = length(var.oidc_audience) > 0
    error_message = "oidc_audience must not be empty."
  }
}

variable "oidc_jwks_uri" {
  type        = string
  nullable    = false
  description = "JWKS URI of the issuer (JITGATE_OIDC_JWKS_URI), the jwks_uri of its discovery document. Required: the function verifies every bearer token itself, behind the JWT authorizer too."

  validation {
    condition     = can(regex("^https://", var.oidc_jwks_uri))
    error_message = "oidc_jwks_uri must be an https:// URL (the jwks_uri of the issuer's discovery document)."
  }
}

# --- mail ----------------------------------------------------------------------------------------

variable "mail_from" {
  type        = string
  description = "Sender address of every mail (JITGATE_MAIL_FROM), a plain address such as jitgate@example.com. It must belong to ses_identity_arn, and the role may send from this address only."

  validation {
    condition     = can(regex("^[^@<>\\s]+@[^@<>\\s]+$", var.mail_from))
    error_message = "mail_from must be a plain address such as jitgate@example.com."
  }
}

variable "ses_identity_arn" {
  type        = string
  description = "ARN of the verified SES identity (domain or address) mail is sent through, e.g. arn:aws:ses:eu-west-1:123456789012:identity/example.com. The only resource ses:SendEmail is granted on."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/[^*?\\s]+$", var.ses_identity_arn))
    error_message = "ses_identity_arn must be the ARN of one SES identity, without wildcards."
  }
}

# --- what jitgate may grant ----------------------------------------------------------------------

variable "sso_instance_arn" {
  type        = string
  description = "ARN of the IAM Identity Center instance for aws.identity-center grants. Null grants no sso or identitystore permission at all."
  default     = null

  validation {
    condition     = var.sso_instance_arn == null || can(regex("^arn:aws[a-z-]*:sso:::instance/(sso)?ins-[a-zA-Z0-9.-]{16}$", var.sso_instance_arn))
    error_message = "sso_instance_arn must look like arn:aws:sso:::instance/ssoins-0123456789abcdef."
  }
}

variable "identity_store_id" {
  type        = string
  description = "ID of the instance's identity store (d-0123456789 or a UUID), where users are found by email. Required with sso_instance_arn."
  default     = null

  validation {
    condition     = var.identity_store_id == null || can(regex("^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", var.identity_store_id))
    error_message = "identity_store_id must look like d-0123456789 or be a UUID."
  }
}

variable "identity_store_account_id" {
  type        = string
  description = "Account that owns the identity store (the organization's management account). Null means the account this module deploys into, which is right unless jitgate runs in a delegated administrator account."
  default     = null

  validation {
    condition     = var.identity_store_account_id == null || can(regex("^[0-9]{12}$", var.identity_store_account_id))
    error_message = "identity_store_account_id must be a 12-digit account id."
  }
}

variable "permission_set_arns" {
  type        = list(string)
  description = "Permission sets that aws.identity-center entitlements may assign. Account assignments can be created and deleted for these only."
  default     = []

  validation {
    condition     = alltrue([for arn in var.permission_set_arns : can(regex("^arn:aws[a-z-]*:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9.-]{16}/ps-[a-zA-Z0-9.-]{16}$", arn))])
    error_message = "Each permission set ARN must look like arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef, without wildcards."
  }
}

variable "account_ids" {
  type        = list(string)
  description = "Accounts that aws.identity-center entitlements may assign permission sets in."
  default     = []

  validation {
    condition     = alltrue([for id in var.account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "Each account id must be 12 digits."
  }
}

variable "assumable_role_arns" {
  type        = list(string)
  description = "Roles that aws.role-credentials entitlements hand out. The API function may assume them (setting a source identity and session tags) and put the early-revoke deny policy on them, and nothing else. Each role's trust policy must also trust the API role (output api_role_arn) for sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession, and each must carry role_permissions_boundary_arn as its permissions boundary. Early revoke calls iam:PutRolePolicy, which reaches roles in this account only. jitgate's own roles may not be listed."
  default     = []

  validation {
    condition     = alltrue([for arn in var.assumable_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", arn))])
    error_message = "Each role ARN must look like arn:aws:iam::123456789012:role/name, without wildcards."
  }
}

variable "role_permissions_boundary_arn" {
  type        = string
  description = "ARN of the managed policy that is the permissions boundary of every role in assumable_role_arns, set by the administrator to the most that aws.role-credentials entitlements may ever allow. Required with assumable_role_arns. The API role may put and delete inline policies only on roles that carry exactly this boundary (condition iam:PermissionsBoundary), and may change no boundary and no policy, so nothing it writes can reach past it; the function also refuses to issue credentials for, or revoke on, a role without it (JITGATE_AWS_ROLE_BOUNDARY_ARN)."
  default     = null

  validation {
    condition     = var.role_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$", var.role_permissions_boundary_arn))
    error_message = "role_permissions_boundary_arn must be the ARN of one managed policy, such as arn:aws:iam::123456789012:policy/jitgate-grantable, without wildcards."
  }
}

# --- store, secret, logs -------------------------------------------------------------------------

variable "table_deletion_protection" {
  type        = bool
  description = "Turn on DynamoDB deletion protection for the request table (it holds the audit trail). Turn it off before destroying on purpose."
  default     = true
}

variable "table_kms_key_arn" {
  type        = string
  description = "Customer managed KMS key for the table's server-side encryption. Null uses the AWS managed key (alias/aws/dynamodb)."
  default     = null
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days Secrets Manager keeps the signing-key secret after it is deleted (0 deletes at once, otherwise 7 to 30)."
  default     = 30

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "log_retention_days" {
  type        = number
  description = "How many days CloudWatch keeps the functions' (and the HTTP API's access) logs."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

# --- the shared store (PostgreSQL) ----------------------------------------------------------------

variable "shared_store" {
  type = object({
    jdbc_url        = string
    user            = string
    deployment_name = optional(string, "aws")
    policy_takeover = optional(bool, false)
  })
  description = "A PostgreSQL database that deployments on AWS, Azure and Google Cloud share (docs/operations.md, \"One queue for three clouds\"): jdbc_url (JITGATE_JDBC_URL, jdbc:postgresql://HOST:PORT/DB?sslmode=verify-full and sslrootcert=<CA file in the jar> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory), user (JITGATE_JDBC_USER), deployment_name (JITGATE_DEPLOYMENT, this deployment in the store's policy ledger) and policy_takeover (JITGATE_POLICY_TAKEOVER). The password is shared_store_password. Null (the default) keeps the requests in the DynamoDB table; the table is created either way. The functions must be able to reach the database: the module does not attach them to a network."
  default     = null

  validation {
    condition     = var.shared_store == null || (startswith(try(var.shared_store.jdbc_url, ""), "jdbc:postgresql://") && can(regex("[?&]sslmode=verify-full(&|$)", try(var.shared_store.jdbc_url, ""))))
    error_message = "shared_store.jdbc_url must start with jdbc:postgresql:// and ask for sslmode=verify-full (TLS, the server's certificate and host name verified), with sslrootcert=<CA file in the jar> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory."
  }

  validation {
    condition     = var.shared_store == null || !can(regex("NonValidatingFactory|[?&][Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]=", try(var.shared_store.jdbc_url, "")))
    error_message = "shared_store.jdbc_url must not use NonValidatingFactory, which skips the certificate check, nor carry a password: the password is shared_store_password, kept in Secrets Manager."
  }

  validation {
    condition     = var.shared_store == null || (length(try(var.shared_store.user, "")) > 0 && can(regex("^[A-Za-z0-9._:-]{1,100}$", try(var.shared_store.deployment_name, ""))))
    error_message = "shared_store.user must not be empty, and shared_store.deployment_name must be 1 to 100 letters, digits, '.', '_', ':' or '-'."
  }
}

variable "shared_store_password" {
  type        = string
  description = "With shared_store: the password of its database user. It is the first value of the Secrets Manager secret NAME/jdbc-password, and reaches the functions only as a KMS ciphertext (JITGATE_JDBC_PASSWORD_KMS). Terraform ignores later changes of this variable: change the secret, then apply."
  default     = null
  sensitive   = true
}

variable "audit_key" {
  type        = string
  description = "The audit key to start the NAME/audit-key secret with: standard base64 of at least 32 random bytes. Null generates one. Deployments that share a store must hold the same key (each checks the seals the others wrote), so give them all one value. Terraform writes it only into a new secret; a check warns when the secret holds another."
  default     = null
  sensitive   = true

  validation {
    condition     = var.audit_key == null || (can(regex("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$", var.audit_key)) && length(replace(var.audit_key == null ? "" : var.audit_key, "=", "")) >= 43)
    error_message = "audit_key must be standard base64 of at least 32 random bytes (44 characters), such as random_bytes.audit_key.base64 or the output of openssl rand -base64 32."
  }
}

# --- account-wide conventions --------------------------------------------------------------------

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary to set on both execution roles, where the organization requires one. Null sets none."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource the module creates."
  default     = {}
}
