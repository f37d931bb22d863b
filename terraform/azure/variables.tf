# Inputs of the jitgate Azure module. Every variable has a type and a description (terraform/test
# checks it, and that README.md lists it).

# --- naming, placement, packaging --------------------------------------------------------------------

variable "name" {
  type        = string
  description = "Prefix of every resource name: the resource group rg-NAME, the identity id-NAME, the function app NAME-<6 random characters>, the Key Vault kv-NAME-<suffix>, the storage accounts NAMEdata<suffix> and NAMEhost<suffix>."
  default     = "jitgate"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3 to 21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "location" {
  type        = string
  description = "Azure region of every resource, e.g. westeurope."
}

variable "resource_group_name" {
  type        = string
  description = "Name of the resource group the module creates for jitgate. Null means rg-NAME. Keep it outside every scope the policy grants roles on."
  default     = null
}

variable "function_app_name" {
  type        = string
  description = "Name of the function app, unique in Azure (it is the host name NAME.azurewebsites.net). Null means NAME-<6 random characters>."
  default     = null
}

variable "policy_file" {
  type        = string
  description = "Path of the policy file the functions run with (the same file the package bundles, or that JITGATE_POLICY points at). The module reads it to give the identity exactly the Azure roles and scopes of its azure.pim and azure.role-assignment entitlements, and refuses Owner, User Access Administrator and Role Based Access Control Administrator. A relative path is relative to the directory terraform runs in."
}

variable "plan_sku" {
  type        = string
  description = "SKU of the Linux App Service plan: Y1 (consumption) or EP1 to EP3 (Elastic Premium, no cold start, health check on /healthz). Microsoft retires Linux consumption (Y1) in September 2028."
  default     = "Y1"

  validation {
    condition     = contains(["Y1", "EP1", "EP2", "EP3"], var.plan_sku)
    error_message = "plan_sku must be Y1, EP1, EP2 or EP3."
  }
}

variable "package_zip" {
  type        = string
  description = "Path of a zip of the azure-function package (the contents of azure-function/target/azure-functions/<app name>/). When set, the module uploads it and the app runs from it; when null, deploy with `az functionapp deployment source config-zip` (README)."
  default     = null
}

variable "app_settings" {
  type        = map(string)
  description = "Extra app settings, for example JITGATE_POLICY. The module's own settings win over a key of the same name. Secrets are refused here: they belong in Key Vault (smtp_password, webhook_secrets, entra_client_secret)."
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.app_settings), ["JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY", "JITGATE_SMTP_PASSWORD", "JITGATE_TABLES_CONNECTION_STRING", "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"])) == 0
    error_message = "app_settings must not set JITGATE_SIGNING_KEYS, JITGATE_AUDIT_KEY, JITGATE_SMTP_PASSWORD, JITGATE_TABLES_CONNECTION_STRING or MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: secrets reach the app only as Key Vault references."
  }

  validation {
    condition     = length(setintersection(keys(var.app_settings), ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"])) == 0
    error_message = "app_settings must not set JITGATE_STORE, JITGATE_JDBC_*, JITGATE_DEPLOYMENT or JITGATE_POLICY_TAKEOVER: set shared_store and shared_store_password instead, so that the database password reaches the app only as a Key Vault reference."
  }
}

# --- front door and sign-in --------------------------------------------------------------------------

variable "base_url" {
  type        = string
  description = "Public base URL, the start of every approval link (JITGATE_BASE_URL), e.g. a custom domain. Null means https://<function app name>.azurewebsites.net."
  default     = null

  validation {
    condition     = var.base_url == null || can(regex("^https://[^\\s/]+(/[^\\s]*)?$", var.base_url))
    error_message = "base_url must be an https:// URL."
  }
}

variable "app_service_auth" {
  type        = bool
  description = "Put App Service authentication (Entra ID) in front of the app: every request except /healthz must be signed in, and the function trusts X-MS-CLIENT-PRINCIPAL (JITGATE_AUTH=app-service). False: the function verifies OIDC bearer tokens itself (JITGATE_AUTH=oidc) and the oidc_* variables are required."
  default     = false
}

variable "entra_client_id" {
  type        = string
  description = "With app_service_auth: the client id of the Entra app registration App Service signs users in with. Its redirect URI is https://<host>/.auth/login/aad/callback."
  default     = null
}

variable "entra_client_secret" {
  type        = string
  description = "With app_service_auth: a client secret of that registration, stored in Key Vault and referenced by MICROSOFT_PROVIDER_AUTHENTICATION_SECRET. Null signs users in with ID tokens only (implicit flow)."
  default     = null
  sensitive   = true
}

variable "entra_allowed_audiences" {
  type        = list(string)
  description = "With app_service_auth: audiences App Service accepts in bearer tokens besides the client id, e.g. api://<client id>."
  default     = []
}

variable "oidc_issuer" {
  type        = string
  description = "Without app_service_auth: the OIDC issuer (JITGATE_OIDC_ISSUER), an https:// URL."
  default     = null

  validation {
    condition     = var.oidc_issuer == null || can(regex("^https://", var.oidc_issuer))
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "oidc_audience" {
  type        = string
  description = "Without app_service_auth: the audience (client id) tokens must carry (JITGATE_OIDC_AUDIENCE)."
  default     = null
}

variable "oidc_jwks_uri" {
  type        = string
  description = "Without app_service_auth: the issuer's JWKS URI (JITGATE_OIDC_JWKS_URI)."
  default     = null

  validation {
    condition     = var.oidc_jwks_uri == null || can(regex("^https://", var.oidc_jwks_uri))
    error_message = "oidc_jwks_uri must be an https:// URL."
  }
}

variable "oidc_identity" {
  type        = string
  description = "How the identity provider vouches for the caller (JITGATE_OIDC_IDENTITY): verified-email (the default when null), trusted-claim or mapped-claim. With Entra ID, mapped-claim on oid is the usual choice."
  default     = null

  validation {
    condition     = var.oidc_identity == null || contains(["verified-email", "trusted-claim", "mapped-claim"], coalesce(var.oidc_identity, "verified-email"))
    error_message = "oidc_identity must be verified-email, trusted-claim or mapped-claim."
  }
}

variable "oidc_email_claim" {
  type        = string
  description = "With oidc_identity = trusted-claim: the trusted e-mail claim (JITGATE_OIDC_EMAIL_CLAIM)."
  default     = null
}

variable "oidc_identity_claim" {
  type        = string
  description = "With oidc_identity = mapped-claim: the stable claim, e.g. oid (JITGATE_OIDC_IDENTITY_CLAIM)."
  default     = null
}

variable "oidc_identity_map" {
  type        = string
  description = "With oidc_identity = mapped-claim: a JSON object from claim values to e-mail addresses (JITGATE_OIDC_IDENTITY_MAP)."
  default     = null
}

variable "oidc_groups_claim" {
  type        = string
  description = "The groups claim (JITGATE_OIDC_GROUPS_CLAIM). Null means the function's default, groups."
  default     = null
}

# --- mail and webhooks -------------------------------------------------------------------------------

variable "mail" {
  type        = string
  description = "How mail is sent (JITGATE_MAIL): smtp or none."
  default     = "none"

  validation {
    condition     = contains(["smtp", "none"], var.mail)
    error_message = "mail must be smtp or none."
  }
}

variable "mail_from" {
  type        = string
  description = "Sender address of every mail (JITGATE_MAIL_FROM). Required with mail = smtp."
  default     = null
}

variable "smtp_host" {
  type        = string
  description = "SMTP server (JITGATE_SMTP_HOST). Required with mail = smtp."
  default     = null
}

variable "smtp_port" {
  type        = number
  description = "SMTP port (JITGATE_SMTP_PORT). Null means the function's default, 587."
  default     = null
}

variable "smtp_tls" {
  type        = string
  description = "SMTP TLS mode (JITGATE_SMTP_TLS): starttls-required, starttls, implicit or none. Null means the function's default."
  default     = null

  validation {
    condition     = var.smtp_tls == null || contains(["starttls-required", "starttls", "implicit", "none"], coalesce(var.smtp_tls, "none"))
    error_message = "smtp_tls must be starttls-required, starttls, implicit or none."
  }
}

variable "smtp_username" {
  type        = string
  description = "SMTP user name (JITGATE_SMTP_USERNAME)."
  default     = null
}

variable "smtp_password" {
  type        = string
  description = "SMTP password, stored in Key Vault; JITGATE_SMTP_PASSWORD is a Key Vault reference to it."
  default     = null
  sensitive   = true
}

variable "webhook_secrets" {
  type        = map(string)
  description = "The signing secret of each JSON webhook of the policy, keyed by its secretEnv name. Each is stored in Key Vault and reaches the app as that app setting, a Key Vault reference. The plan fails when a secretEnv of the policy has no value here."
  default     = {}
  sensitive   = true
}

# --- least privilege ---------------------------------------------------------------------------------

variable "assignable_principal_types" {
  type        = list(string)
  description = "Principal types jitgate may assign roles to with azure.role-assignment (the ABAC condition checks it on every write and delete): User, and Group if the policy maps requesters to groups. ServicePrincipal is refused, so that the identity can never assign a role to itself or to another workload."
  default     = ["User"]

  validation {
    condition     = length(var.assignable_principal_types) > 0 && alltrue([for t in var.assignable_principal_types : contains(["User", "Group"], t)])
    error_message = "assignable_principal_types may contain User and Group only."
  }
}

variable "extra_forbidden_role_definition_ids" {
  type        = list(string)
  description = "Role definition GUIDs the policy must never hand out, besides Owner, User Access Administrator and Role Based Access Control Administrator, e.g. your own custom roles that include Microsoft.Authorization/*/write."
  default     = []

  validation {
    condition     = alltrue([for id in var.extra_forbidden_role_definition_ids : can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", id))])
    error_message = "extra_forbidden_role_definition_ids must be role definition GUIDs."
  }
}

variable "pim_role_definition_scope" {
  type        = string
  description = "Where the module defines its PIM custom role (used only when the policy has azure.pim entitlements). Null means the current subscription; every azure.pim scope must lie within it. For scopes in several subscriptions, a management group above them (/providers/Microsoft.Management/managementGroups/<id>)."
  default     = null
}

# --- store, secrets, logs ----------------------------------------------------------------------------

variable "table_name" {
  type        = string
  description = "Name of the request table (JITGATE_TABLE): letters and digits only, starting with a letter."
  default     = "jitgaterequests"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9]{2,62}$", var.table_name))
    error_message = "table_name must be 3 to 63 letters and digits, starting with a letter."
  }
}

variable "data_storage_replication" {
  type        = string
  description = "Replication of the storage account that holds the request table (and so the audit trail): LRS, ZRS, GRS, RAGRS, GZRS or RAGZRS."
  default     = "GRS"

  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"], var.data_storage_replication)
    error_message = "data_storage_replication must be LRS, ZRS, GRS, RAGRS, GZRS or RAGZRS."
  }
}

variable "key_vault_soft_delete_retention_days" {
  type        = number
  description = "Days a deleted Key Vault or secret can be recovered (7 to 90). Purge protection is always on, so nothing can be purged before that."
  default     = 90

  validation {
    condition     = var.key_vault_soft_delete_retention_days >= 7 && var.key_vault_soft_delete_retention_days <= 90
    error_message = "key_vault_soft_delete_retention_days must be between 7 and 90."
  }
}

variable "audit_key" {
  type        = string
  description = "The audit key to start the Key Vault secret audit-key with: standard base64 of at least 32 random bytes. Null generates one. Deployments that share a store must hold the same key (each checks the seals the others wrote), so give them all one value. Terraform writes it only into a new secret; a check warns when the secret holds another."
  default     = null
  sensitive   = true

  validation {
    condition     = var.audit_key == null || (can(regex("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$", var.audit_key)) && length(replace(var.audit_key == null ? "" : var.audit_key, "=", "")) >= 43)
    error_message = "audit_key must be standard base64 of at least 32 random bytes (44 characters), such as random_bytes.audit_key.base64 or the output of openssl rand -base64 32."
  }
}

variable "grant_deployer_secrets_officer" {
  type        = bool
  description = "Give the principal that runs Terraform \"Key Vault Secrets Officer\" on the vault, so that it can write the secrets (the vault uses RBAC). Set false when it already has a data role on the vault."
  default     = true
}

variable "shared_store" {
  type = object({
    jdbc_url        = string
    user            = string
    deployment_name = optional(string, "azure")
    policy_takeover = optional(bool, false)
  })
  description = "A PostgreSQL database that deployments on AWS, Azure and Google Cloud share (docs/operations.md, \"One queue for three clouds\"): jdbc_url (JITGATE_JDBC_URL, jdbc:postgresql://HOST:PORT/DB?sslmode=verify-full and sslrootcert=<CA file in the package> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory), user (JITGATE_JDBC_USER), deployment_name (JITGATE_DEPLOYMENT, this deployment in the store's policy ledger) and policy_takeover (JITGATE_POLICY_TAKEOVER). The password is shared_store_password. Null (the default) keeps the requests in the Table storage table; the table is created either way. The app must be able to reach the database: the module does not attach it to a network."
  default     = null

  validation {
    condition     = var.shared_store == null || (startswith(try(var.shared_store.jdbc_url, ""), "jdbc:postgresql://") && can(regex("[?&]sslmode=verify-full(&|$)", try(var.shared_store.jdbc_url, ""))))
    error_message = "shared_store.jdbc_url must start with jdbc:postgresql:// and ask for sslmode=verify-full (TLS, the server's certificate and host name verified), with sslrootcert=<CA file in the package> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory."
  }

  validation {
    condition     = var.shared_store == null || !can(regex("NonValidatingFactory|[?&][Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]=", try(var.shared_store.jdbc_url, "")))
    error_message = "shared_store.jdbc_url must not use NonValidatingFactory, which skips the certificate check, nor carry a password: the password is shared_store_password, kept in Key Vault."
  }

  validation {
    condition     = var.shared_store == null || (length(try(var.shared_store.user, "")) > 0 && can(regex("^[A-Za-z0-9._:-]{1,100}$", try(var.shared_store.deployment_name, ""))))
    error_message = "shared_store.user must not be empty, and shared_store.deployment_name must be 1 to 100 letters, digits, '.', '_', ':' or '-'."
  }
}

variable "shared_store_password" {
  type        = string
  description = "With shared_store: the password of its database user. It is the first value of the Key Vault secret jdbc-password, and JITGATE_JDBC_PASSWORD is a Key Vault reference to it, resolved with the identity. Terraform ignores later changes of this variable: add a secret version, then restart the app."
  default     = null
  sensitive   = true
}

variable "log_retention_days" {
  type        = number
  description = "Days the Log Analytics workspace keeps the logs (30 to 730)."
  default     = 90

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource that takes them."
  default     = {}
}
