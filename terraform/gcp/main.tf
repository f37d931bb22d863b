# jitgate on Google Cloud: two Cloud Functions (2nd gen, Java 17) from one jar, the API
# (dev.jitgate.gcp.handler.ApiFunction) and the sweep (dev.jitgate.gcp.handler.SweepFunction,
# called every minute by Cloud Scheduler with an OIDC token), each with its own service account
# that holds only what jitgate needs. The files split it up:
#
#   policy.tf     what the policy lets jitgate hand out, read from var.policy_file; plan checks
#   access.tf     the conditional IAM bindings on the policy's resources, token creator grants
#   firestore.tf  the Firestore database, its composite indexes and the store role
#   secrets.tf    Secret Manager secrets (signing keys, audit key, ...) and who may read them
#   functions.tf  both functions, who may invoke them, and the scheduler job
#   iap.tf        with auth = "iap": the HTTPS load balancer with IAP in front of the API
#
# With shared_store set, the functions keep their requests in a PostgreSQL database that
# deployments on other clouds share (JITGATE_STORE=postgresql); its password is a Secret Manager
# secret like the others (secrets.tf). The Firestore database is still created, unused.

data "google_project" "current" {
  project_id = var.project_id
}

locals {
  api_name   = "${var.name}-api"
  sweep_name = "${var.name}-sweep"
  iap        = var.auth == "iap"

  # The shared store (PostgreSQL) instead of Firestore.
  shared_store = var.shared_store != null

  # A 2nd gen function's cloudfunctions.net URL is known before it exists, which lets each
  # function carry its own URL (a postcondition checks it): the sweep verifies that Cloud
  # Scheduler's token is meant for it (JITGATE_SWEEP_AUDIENCE).
  api_url   = "https://${var.region}-${var.project_id}.cloudfunctions.net/${local.api_name}"
  sweep_url = "https://${var.region}-${var.project_id}.cloudfunctions.net/${local.sweep_name}"
  base_url  = var.base_url != null ? var.base_url : (local.iap ? "https://${coalesce(var.iap_domain, "unset")}" : local.api_url)

  function_emails = {
    api   = google_service_account.api.email
    sweep = google_service_account.sweep.email
  }
}

resource "google_project_service" "apis" {
  for_each = var.enable_apis ? toset(concat([
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
  ], local.iap ? ["compute.googleapis.com", "iap.googleapis.com"] : [])) : toset([])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# One service account per function, and one for Cloud Scheduler, the only caller of the sweep.
resource "google_service_account" "api" {
  project      = var.project_id
  account_id   = local.api_name
  display_name = "jitgate ${var.name} API function"
}

resource "google_service_account" "sweep" {
  project      = var.project_id
  account_id   = local.sweep_name
  display_name = "jitgate ${var.name} sweep function"
}

resource "google_service_account" "scheduler" {
  project      = var.project_id
  account_id   = "${var.name}-scheduler"
  display_name = "jitgate ${var.name} scheduler: invokes the sweep"
}

# jitgate's own project must not be a resource the policy grants roles on: a role there that can
# change functions or act as service accounts would let a requester act as jitgate. A warning
# only, because some roles there are harmless.
check "jitgate_project_not_granted" {
  assert {
    condition     = !contains(keys(local.grantable), "projects/${var.project_id}") && !contains(keys(local.grantable), "projects/${data.google_project.current.number}")
    error_message = "The policy grants roles on jitgate's own project ${var.project_id}. Anyone granted a role there that can deploy functions or act as a service account could act as jitgate: deploy jitgate in a project of its own."
  }
}
