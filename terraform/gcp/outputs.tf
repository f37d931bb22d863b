output "api_url" {
  description = "URL of the API function (behind IAP, reach it through https://iap_domain instead). Approval links start with base_url when it is set."
  value       = google_cloudfunctions2_function.api.url
}

output "sweep_url" {
  description = "URL of the sweep function, the audience of the scheduler's OIDC token (JITGATE_SWEEP_AUDIENCE)."
  value       = google_cloudfunctions2_function.sweep.url
}

output "api_service_account" {
  description = "E-mail of the API function's service account."
  value       = google_service_account.api.email
}

output "sweep_service_account" {
  description = "E-mail of the sweep function's service account."
  value       = google_service_account.sweep.email
}

output "scheduler_service_account" {
  description = "E-mail of the scheduler's service account, the only invoker of the sweep (JITGATE_SWEEP_INVOKER)."
  value       = google_service_account.scheduler.email
}

output "firestore_database" {
  description = "Id of the Firestore database (JITGATE_FIRESTORE_DATABASE)."
  value       = google_firestore_database.jitgate.name
}

output "signing_keys_secret" {
  description = "Secret Manager secret holding the signing keys: rotate by adding a version (README)."
  value       = google_secret_manager_secret.jitgate["signing-keys"].id
}

output "grantable" {
  description = "Each project, folder and organization jitgate may grant on, with the roles its IAM condition allows there (gcp.iam-binding)."
  value       = { for resource, g in local.grantable : resource => g.roles }
}

output "token_accounts" {
  description = "Service accounts the API may mint access tokens for (gcp.service-account-token)."
  value       = local.token_accounts
}

output "iap_audience" {
  description = "With auth = iap: JITGATE_IAP_AUDIENCE, /projects/<number>/global/backendServices/<id>."
  value       = local.iap_audience
}

output "load_balancer_ip" {
  description = "With auth = iap: the load balancer's address; point iap_domain's A record at it."
  value       = local.iap ? google_compute_global_address.api[0].address : null
}
