# Both functions run the same jar, from a zip in Cloud Storage (source_bucket/source_object) that
# Cloud Build turns into a Java 17 function. The API is public unless auth = "iap" (jitgate checks
# every caller itself); the sweep is not public: only the scheduler's service account may invoke
# it, with an OIDC token whose audience is the sweep's URL, which the sweep checks again.

locals {
  # The settings the composition root of gcp-function reads (README "Deploy on Google Cloud").
  environment = {
    for key, value in merge(var.environment, {
      JITGATE_GCP_PROJECT          = var.project_id
      JITGATE_FIRESTORE_DATABASE   = var.firestore_database
      JITGATE_FIRESTORE_COLLECTION = var.firestore_collection
      JITGATE_BASE_URL             = local.base_url
      JITGATE_AUTH                 = var.auth
      JITGATE_IAP_AUDIENCE         = local.iap ? local.iap_audience : null
      JITGATE_OIDC_ISSUER          = local.iap ? null : var.oidc_issuer
      JITGATE_OIDC_AUDIENCE        = local.iap ? null : var.oidc_audience
      JITGATE_OIDC_JWKS_URI        = local.iap ? null : var.oidc_jwks_uri
      JITGATE_OIDC_IDENTITY        = var.oidc_identity
      JITGATE_OIDC_EMAIL_CLAIM     = var.oidc_email_claim
      JITGATE_OIDC_IDENTITY_CLAIM  = var.oidc_identity_claim
      JITGATE_OIDC_IDENTITY_MAP    = var.oidc_identity_map
      JITGATE_OIDC_GROUPS_CLAIM    = var.oidc_groups_claim
      JITGATE_SWEEP_AUDIENCE       = local.sweep_url
      JITGATE_SWEEP_INVOKER        = google_service_account.scheduler.email
      JITGATE_MAIL                 = var.mail
      JITGATE_MAIL_FROM            = var.mail_from
      JITGATE_SMTP_HOST            = var.smtp_host
      JITGATE_SMTP_PORT            = var.smtp_port == null ? null : tostring(var.smtp_port)
      JITGATE_SMTP_TLS             = var.smtp_tls
      JITGATE_SMTP_USERNAME        = var.smtp_username
      # The shared store, when set; its password is a secret environment variable (secrets.tf).
      JITGATE_STORE           = local.shared_store ? "postgresql" : null
      JITGATE_JDBC_URL        = local.shared_store ? var.shared_store.jdbc_url : null
      JITGATE_JDBC_USER       = local.shared_store ? var.shared_store.user : null
      JITGATE_DEPLOYMENT      = local.shared_store ? var.shared_store.deployment_name : null
      JITGATE_POLICY_TAKEOVER = local.shared_store ? (var.shared_store.policy_takeover ? "true" : null) : null
    }) : key => value
    if value != null && value != ""
  }

  # Secret Manager secrets, mounted as environment variables (secrets.tf).
  secret_environment = { for name, env in local.secret_envs : env => name }
}

resource "google_cloudfunctions2_function" "api" {
  project     = var.project_id
  location    = var.region
  name        = local.api_name
  description = "jitgate API: requests, approvals, approval pages"
  labels      = merge(var.labels, { jitgate = var.name })

  build_config {
    runtime         = var.runtime
    entry_point     = "dev.jitgate.gcp.handler.ApiFunction"
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    service_account_email          = google_service_account.api.email
    available_memory               = var.api_memory
    timeout_seconds                = var.api_timeout
    max_instance_count             = var.api_max_instances
    ingress_settings               = local.iap ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    environment_variables          = local.environment

    dynamic "secret_environment_variables" {
      for_each = local.secret_environment

      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = google_secret_manager_secret.jitgate[secret_environment_variables.value].secret_id
        version    = "latest"
      }
    }
  }

  lifecycle {
    precondition {
      condition     = local.iap ? var.iap_domain != null : (var.oidc_issuer != null && var.oidc_audience != null && var.oidc_jwks_uri != null)
      error_message = "With auth = \"iap\", iap_domain is required; with auth = \"oidc\", oidc_issuer, oidc_audience and oidc_jwks_uri are all required."
    }
    precondition {
      condition     = var.mail != "smtp" || (var.smtp_host != null && var.mail_from != null)
      error_message = "mail = \"smtp\" needs smtp_host and mail_from."
    }
    postcondition {
      condition     = self.url == local.api_url
      error_message = "The API's URL is ${self.url}, not ${local.api_url} as the module assumed (a domain-scoped project id?). Set base_url and report it."
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.reader, google_secret_manager_secret_version.first, google_project_service.apis]
}

resource "google_cloudfunctions2_function" "sweep" {
  project     = var.project_id
  location    = var.region
  name        = local.sweep_name
  description = "jitgate sweep: timeouts, retries, expiry, reminders; called by Cloud Scheduler"
  labels      = merge(var.labels, { jitgate = var.name })

  build_config {
    runtime         = var.runtime
    entry_point     = "dev.jitgate.gcp.handler.SweepFunction"
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    service_account_email          = google_service_account.sweep.email
    available_memory               = var.sweep_memory
    timeout_seconds                = var.sweep_timeout
    max_instance_count             = 1
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    environment_variables          = local.environment

    dynamic "secret_environment_variables" {
      for_each = local.secret_environment

      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = google_secret_manager_secret.jitgate[secret_environment_variables.value].secret_id
        version    = "latest"
      }
    }
  }

  lifecycle {
    # JITGATE_SWEEP_AUDIENCE is this URL: a token for anything else is refused.
    postcondition {
      condition     = self.url == local.sweep_url
      error_message = "The sweep's URL is ${self.url}, not ${local.sweep_url} as JITGATE_SWEEP_AUDIENCE says: every scheduled call would be refused."
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.reader, google_secret_manager_secret_version.first, google_project_service.apis]
}

# --- who may invoke them ---------------------------------------------------------------------------------

# Public: jitgate authenticates every caller itself (OIDC bearer token, or the signed token of an
# approval link). With IAP, only IAP's service agent may invoke it (iap.tf).
resource "google_cloud_run_v2_service_iam_member" "api_public" {
  count = local.iap ? 0 : 1

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.api.service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_v2_service_iam_member" "sweep_scheduler" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.sweep.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}

# Every minute, with an OIDC token of the scheduler's service account for the sweep's URL. A
# failed run is not retried: the next one comes within a minute and does the same work.
resource "google_cloud_scheduler_job" "sweep" {
  project          = var.project_id
  region           = coalesce(var.scheduler_region, var.region)
  name             = local.sweep_name
  description      = "Runs the jitgate sweep every minute"
  schedule         = "* * * * *"
  time_zone        = "Etc/UTC"
  attempt_deadline = "${var.sweep_timeout}s"

  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = google_cloudfunctions2_function.sweep.url

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = google_cloudfunctions2_function.sweep.url
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.sweep_scheduler]
}
