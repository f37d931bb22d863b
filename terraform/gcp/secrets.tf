# The secrets of the deployment, in Secret Manager. The functions get each one as a secret
# environment variable (service_config.secret_environment_variables, version "latest", resolved
# when an instance starts): the plain values are in no function configuration. The two function
# service accounts are roles/secretmanager.secretAccessor on each of these secrets, one binding per
# secret and function, and on nothing else. The signing keys are JSON:
#
#   {"active": "k1", "keys": {"k1": "<base64 of 32 random bytes>"}}
#
# Terraform writes the first version of each secret; a rotation adds a version outside Terraform
# (README), which new instances pick up. The first values pass through the Terraform state: keep it
# encrypted and access-controlled, or rotate once after the first apply.
#
# The audit key's first value is var.audit_key when set: deployments that share a store must all
# hold the same audit key (each checks the seals the others wrote). A check warns when the secret
# holds another. With shared_store, the database password is the secret NAME-jdbc-password, whose
# first value is var.shared_store_password, mounted as JITGATE_JDBC_PASSWORD.

resource "random_bytes" "signing_key" {
  length = 32
}

resource "random_bytes" "audit_key" {
  length = 32
}

locals {
  # The secrets of the deployment and the environment variable that carries each. Optional ones
  # are present only when their variable is set; whether one is set is not itself a secret, so
  # these names stay visible in plans.
  secret_envs = merge(
    { "signing-keys" = "JITGATE_SIGNING_KEYS", "audit-key" = "JITGATE_AUDIT_KEY" },
    nonsensitive(var.smtp_password != null) ? { "smtp-password" = "JITGATE_SMTP_PASSWORD" } : {},
    local.shared_store ? { "jdbc-password" = "JITGATE_JDBC_PASSWORD" } : {},
    { for env in local.webhook_secret_envs : "webhook-${lower(replace(env, "_", "-"))}" => env },
  )

  # The first value of each.
  secret_values = merge(
    {
      "signing-keys" = jsonencode({ active = "k1", keys = { k1 = random_bytes.signing_key.base64 } })
      "audit-key"    = var.audit_key != null ? var.audit_key : random_bytes.audit_key.base64
    },
    nonsensitive(var.smtp_password != null) ? { "smtp-password" = var.smtp_password } : {},
    local.shared_store ? { "jdbc-password" = var.shared_store_password } : {},
    { for env in local.webhook_secret_envs : "webhook-${lower(replace(env, "_", "-"))}" => var.webhook_secrets[env] },
  )
  secret_names = toset(keys(local.secret_envs))

  # One accessor binding per secret and function.
  secret_readers = {
    for pair in setproduct(local.secret_names, ["api", "sweep"]) : "${pair[0]}|${pair[1]}" => { secret = pair[0], function = pair[1] }
  }
}

resource "google_secret_manager_secret" "jitgate" {
  for_each = local.secret_names

  project   = var.project_id
  secret_id = "${var.name}-${each.key}"
  labels    = merge(var.labels, { jitgate = var.name })

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "first" {
  for_each = local.secret_names

  secret      = google_secret_manager_secret.jitgate[each.key].id
  secret_data = local.secret_values[each.key]

  lifecycle {
    ignore_changes = [secret_data]

    precondition {
      condition     = each.key != "jdbc-password" || nonsensitive(var.shared_store_password != null && var.shared_store_password != "")
      error_message = "shared_store_password is required with shared_store: the password of the database user."
    }
  }
}

resource "google_secret_manager_secret_iam_member" "reader" {
  for_each = local.secret_readers

  project   = var.project_id
  secret_id = google_secret_manager_secret.jitgate[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${local.function_emails[each.value.function]}"
}

check "audit_key_is_the_given_one" {
  data "google_secret_manager_secret_version_access" "audit_key_now" {
    project = var.project_id
    secret  = google_secret_manager_secret.jitgate["audit-key"].secret_id

    depends_on = [google_secret_manager_secret_version.first]
  }

  assert {
    condition     = nonsensitive(var.audit_key == null || data.google_secret_manager_secret_version_access.audit_key_now.secret_data == var.audit_key)
    error_message = "The secret ${var.name}-audit-key holds another audit key than var.audit_key: Terraform writes only a new secret's first version. Deployments that share a store must hold the same key; add a version with the value of audit_key (gcloud secrets versions add) and deploy new instances."
  }
}
