# Inputs of the jitgate Google Cloud module. Every variable has a type and a description
# (terraform/test checks it, and that README.md lists it).

# --- placement and packaging -------------------------------------------------------------------------

variable "project_id" {
  type        = string
  description = "Project jitgate runs in (functions, Firestore, secrets, scheduler). Keep it apart from every project the policy grants roles on."
}

variable "region" {
  type        = string
  description = "Region of the functions, e.g. europe-west1. Also the Firestore location and the scheduler's region unless those are set."
}

variable "name" {
  type        = string
  description = "Prefix of every resource name: the functions NAME-api and NAME-sweep, the service accounts NAME-api, NAME-sweep and NAME-scheduler, the secrets NAME-signing-keys and NAME-audit-key."
  default     = "jitgate"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 lower-case letters, digits or hyphens, starting with a letter (service account ids are at most 30 characters)."
  }
}

variable "policy_file" {
  type        = string
  description = "Path of the policy file the functions run with (the same file the jar bundles, or that JITGATE_POLICY points at). The module reads it to give the service accounts exactly the IAM grants of its gcp.iam-binding and gcp.service-account-token entitlements, and refuses roles that give away control. A relative path is relative to the directory terraform runs in."
}

variable "source_bucket" {
  type        = string
  description = "Cloud Storage bucket holding the functions' source zip (README: how to make it)."
}

variable "source_object" {
  type        = string
  description = "Object name of the source zip in source_bucket: a zip with the gcp-function jar at its root. Use a new name for each build (e.g. with the jar's hash): the functions are rebuilt when it changes."
}

variable "runtime" {
  type        = string
  description = "Java runtime of both functions."
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21."
  }
}

variable "build_service_account" {
  type        = string
  description = "Service account Cloud Build builds the functions with, as projects/PROJECT/serviceAccounts/EMAIL. Null uses the project's default build service account."
  default     = null
}

variable "api_memory" {
  type        = string
  description = "Memory of the API function, e.g. 512Mi or 1Gi."
  default     = "512Mi"
}

variable "api_timeout" {
  type        = number
  description = "Timeout of the API function in seconds (an approval that activates a grant waits for IAM)."
  default     = 60

  validation {
    condition     = var.api_timeout >= 10 && var.api_timeout <= 3600
    error_message = "api_timeout must be between 10 and 3600."
  }
}

variable "api_max_instances" {
  type        = number
  description = "Most instances of the API function."
  default     = 10
}

variable "sweep_memory" {
  type        = string
  description = "Memory of the sweep function."
  default     = "512Mi"
}

variable "sweep_timeout" {
  type        = number
  description = "Timeout of the sweep function in seconds, also the scheduler's attempt deadline. The sweep runs every minute, one instance at most."
  default     = 120

  validation {
    condition     = var.sweep_timeout >= 15 && var.sweep_timeout <= 1800
    error_message = "sweep_timeout must be between 15 and 1800 (Cloud Scheduler's attempt deadline for HTTP targets)."
  }
}

variable "scheduler_region" {
  type        = string
  description = "Region of the Cloud Scheduler job, where Cloud Scheduler is not offered in region. Null means region."
  default     = null
}

variable "environment" {
  type        = map(string)
  description = "Extra environment variables of both functions, for example JITGATE_POLICY. The module's own win over a key of the same name. Secrets are refused here: they belong in Secret Manager (smtp_password, webhook_secrets)."
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.environment), ["JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY", "JITGATE_SMTP_PASSWORD"])) == 0
    error_message = "environment must not set JITGATE_SIGNING_KEYS, JITGATE_AUDIT_KEY or JITGATE_SMTP_PASSWORD: secrets reach the functions only from Secret Manager."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"])) == 0
    error_message = "environment must not set JITGATE_STORE, JITGATE_JDBC_*, JITGATE_DEPLOYMENT or JITGATE_POLICY_TAKEOVER: set shared_store and shared_store_password instead, so that the database password reaches the functions only from Secret Manager."
  }
}

variable "enable_apis" {
  type        = bool
  description = "Enable the Google APIs the module needs (left enabled on destroy)."
  default     = true
}

variable "labels" {
  type        = map(string)
  description = "Labels for the functions and secrets."
  default     = {}
}

# --- front door and sign-in --------------------------------------------------------------------------

variable "auth" {
  type        = string
  description = "How callers are authenticated (JITGATE_AUTH): oidc (the API is public and verifies OIDC bearer tokens itself; the oidc_* variables are required) or iap (an HTTPS load balancer with Identity-Aware Proxy in front of the API, iap.tf; the function verifies IAP's signed header)."
  default     = "oidc"

  validation {
    condition     = contains(["oidc", "iap"], var.auth)
    error_message = "auth must be oidc or iap."
  }
}

variable "base_url" {
  type        = string
  description = "Public base URL, the start of every approval link (JITGATE_BASE_URL). Null means the API function's URL, or https://iap_domain with IAP."
  default     = null

  validation {
    condition     = var.base_url == null || can(regex("^https://[^\\s/]+(/[^\\s]*)?$", var.base_url))
    error_message = "base_url must be an https:// URL."
  }
}

variable "iap_domain" {
  type        = string
  description = "With auth = iap: the DNS name of the load balancer (its managed certificate is for this name)."
  default     = null
}

variable "iap_members" {
  type        = list(string)
  description = "With auth = iap: who may pass IAP (roles/iap.httpsResourceAccessor), e.g. group:sre@example.com or domain:example.com. Include every requester and approver."
  default     = []
}

variable "oidc_issuer" {
  type        = string
  description = "With auth = oidc: the OIDC issuer (JITGATE_OIDC_ISSUER), an https:// URL."
  default     = null

  validation {
    condition     = var.oidc_issuer == null || can(regex("^https://", coalesce(var.oidc_issuer, "https://")))
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "oidc_audience" {
  type        = string
  description = "With auth = oidc: the audience (client id) tokens must carry (JITGATE_OIDC_AUDIENCE)."
  default     = null
}

variable "oidc_jwks_uri" {
  type        = string
  description = "With auth = oidc: the issuer's JWKS URI (JITGATE_OIDC_JWKS_URI)."
  default     = null

  validation {
    condition     = var.oidc_jwks_uri == null || can(regex("^https://", coalesce(var.oidc_jwks_uri, "https://")))
    error_message = "oidc_jwks_uri must be an https:// URL."
  }
}

variable "oidc_identity" {
  type        = string
  description = "How the identity provider vouches for the caller (JITGATE_OIDC_IDENTITY): verified-email (the default when null), trusted-claim or mapped-claim."
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
  description = "With oidc_identity = mapped-claim: the stable claim (JITGATE_OIDC_IDENTITY_CLAIM)."
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
  description = "SMTP password, stored in Secret Manager and mounted as JITGATE_SMTP_PASSWORD."
  default     = null
  sensitive   = true
}

variable "webhook_secrets" {
  type        = map(string)
  description = "The signing secret of each JSON webhook of the policy, keyed by its secretEnv name. Each is stored in Secret Manager and mounted as that environment variable. The plan fails when a secretEnv of the policy has no value here."
  default     = {}
  sensitive   = true
}

variable "audit_key" {
  type        = string
  description = "The audit key to start the secret NAME-audit-key with: standard base64 of at least 32 random bytes. Null generates one. Deployments that share a store must hold the same key (each checks the seals the others wrote), so give them all one value. Terraform writes it only into a new secret; a check warns when the secret holds another."
  default     = null
  sensitive   = true

  validation {
    condition     = var.audit_key == null || (can(regex("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$", var.audit_key)) && length(replace(var.audit_key == null ? "" : var.audit_key, "=", "")) >= 43)
    error_message = "audit_key must be standard base64 of at least 32 random bytes (44 characters), such as random_bytes.audit_key.base64 or the output of openssl rand -base64 32."
  }
}

# --- least privilege ---------------------------------------------------------------------------------

variable "extra_forbidden_roles" {
  type        = list(string)
  description = "Roles the policy must never hand out, besides the module's list (README), e.g. custom roles that include setIamPolicy or iam.serviceAccounts.* permissions."
  default     = []
}

# --- store -------------------------------------------------------------------------------------------

variable "firestore_database" {
  type        = string
  description = "Firestore database id (JITGATE_FIRESTORE_DATABASE). The module creates it."
  default     = "(default)"
}

variable "firestore_location" {
  type        = string
  description = "Location of the Firestore database: a region (europe-west1) or a multi-region (eur3, nam5). Null means region."
  default     = null
}

variable "firestore_collection" {
  type        = string
  description = "Top-level collection of the requests (JITGATE_FIRESTORE_COLLECTION); the indexes must be on it."
  default     = "jitgate-requests"
}

variable "firestore_indexes_file" {
  type        = string
  description = "JSON file of the composite indexes the store needs. Null means the module's own firestore-indexes.json."
  default     = null
}

variable "firestore_delete_protection" {
  type        = bool
  description = "Turn on Firestore delete protection for the database (it holds the audit trail). Turn it off before destroying on purpose."
  default     = true
}

variable "restrict_datastore_to_database" {
  type        = bool
  description = "Put an IAM condition on the functions' roles/datastore.user binding that limits it to jitgate's database (resource.name). Turn off only if Firestore refuses the functions with it."
  default     = true
}

variable "shared_store" {
  type = object({
    jdbc_url        = string
    user            = string
    deployment_name = optional(string, "gcp")
    policy_takeover = optional(bool, false)
  })
  description = "A PostgreSQL database that deployments on AWS, Azure and Google Cloud share (docs/operations.md, \"One queue for three clouds\"): jdbc_url (JITGATE_JDBC_URL, jdbc:postgresql://HOST:PORT/DB?sslmode=verify-full and sslrootcert=<CA file in the source zip> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory), user (JITGATE_JDBC_USER), deployment_name (JITGATE_DEPLOYMENT, this deployment in the store's policy ledger) and policy_takeover (JITGATE_POLICY_TAKEOVER). The password is shared_store_password. Null (the default) keeps the requests in Firestore; the database is created either way. The functions must be able to reach the database: the module does not attach them to a network."
  default     = null

  validation {
    condition     = var.shared_store == null || (startswith(try(var.shared_store.jdbc_url, ""), "jdbc:postgresql://") && can(regex("[?&]sslmode=verify-full(&|$)", try(var.shared_store.jdbc_url, ""))))
    error_message = "shared_store.jdbc_url must start with jdbc:postgresql:// and ask for sslmode=verify-full (TLS, the server's certificate and host name verified), with sslrootcert=<CA file in the source zip> or sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory."
  }

  validation {
    condition     = var.shared_store == null || !can(regex("NonValidatingFactory|[?&][Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]=", try(var.shared_store.jdbc_url, "")))
    error_message = "shared_store.jdbc_url must not use NonValidatingFactory, which skips the certificate check, nor carry a password: the password is shared_store_password, kept in Secret Manager."
  }

  validation {
    condition     = var.shared_store == null || (length(try(var.shared_store.user, "")) > 0 && can(regex("^[A-Za-z0-9._:-]{1,100}$", try(var.shared_store.deployment_name, ""))))
    error_message = "shared_store.user must not be empty, and shared_store.deployment_name must be 1 to 100 letters, digits, '.', '_', ':' or '-'."
  }
}

variable "shared_store_password" {
  type        = string
  description = "With shared_store: the password of its database user. It is the first version of the secret NAME-jdbc-password, mounted as the secret environment variable JITGATE_JDBC_PASSWORD; only the two function service accounts may read it. Terraform ignores later changes of this variable: add a secret version, then deploy new instances."
  default     = null
  sensitive   = true
}
