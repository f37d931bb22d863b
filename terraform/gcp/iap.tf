# With auth = "iap": an external HTTPS load balancer for iap_domain, whose backend service (a
# serverless network endpoint group on the API function) has Identity-Aware Proxy on. Only
# iap_members get through IAP, only IAP's service agent may invoke the function, and the function
# takes requests from the load balancer only (ingress ALLOW_INTERNAL_AND_GCLB). The function
# verifies the x-goog-iap-jwt-assertion header against JITGATE_IAP_AUDIENCE, the backend service:
#
#   /projects/<project number>/global/backendServices/<backend service id>
#
# The network endpoint group names the function, not the resource, so the function can carry the
# backend service's id without a dependency cycle. Point iap_domain's DNS A record at the
# load_balancer_ip output; the Google-managed certificate is issued once it resolves.

locals {
  iap_audience = local.iap ? "/projects/${data.google_project.current.number}/global/backendServices/${google_compute_backend_service.api[0].generated_id}" : null
}

resource "google_compute_region_network_endpoint_group" "api" {
  count = local.iap ? 1 : 0

  project               = var.project_id
  region                = var.region
  name                  = local.api_name
  network_endpoint_type = "SERVERLESS"

  cloud_function {
    function = local.api_name
  }

  depends_on = [google_project_service.apis]
}

resource "google_compute_backend_service" "api" {
  count = local.iap ? 1 : 0

  project               = var.project_id
  name                  = local.api_name
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"

  backend {
    group = google_compute_region_network_endpoint_group.api[0].id
  }

  iap {
    enabled = true
  }
}

resource "google_compute_url_map" "api" {
  count = local.iap ? 1 : 0

  project         = var.project_id
  name            = local.api_name
  default_service = google_compute_backend_service.api[0].id
}

resource "google_compute_managed_ssl_certificate" "api" {
  count = local.iap ? 1 : 0

  project = var.project_id
  name    = local.api_name

  managed {
    domains = [var.iap_domain]
  }
}

resource "google_compute_target_https_proxy" "api" {
  count = local.iap ? 1 : 0

  project          = var.project_id
  name             = local.api_name
  url_map          = google_compute_url_map.api[0].id
  ssl_certificates = [google_compute_managed_ssl_certificate.api[0].id]
}

resource "google_compute_global_address" "api" {
  count = local.iap ? 1 : 0

  project = var.project_id
  name    = local.api_name
}

resource "google_compute_global_forwarding_rule" "api" {
  count = local.iap ? 1 : 0

  project               = var.project_id
  name                  = local.api_name
  load_balancing_scheme = "EXTERNAL_MANAGED"
  target                = google_compute_target_https_proxy.api[0].id
  ip_address            = google_compute_global_address.api[0].id
  port_range            = "443"
}

# Who may pass IAP: the requesters and approvers of the policy (users, groups or a domain).
resource "google_iap_web_backend_service_iam_member" "users" {
  for_each = local.iap ? toset(var.iap_members) : toset([])

  project             = var.project_id
  web_backend_service = google_compute_backend_service.api[0].name
  role                = "roles/iap.httpsResourceAccessor"
  member              = each.value
}

# IAP calls the function as its service agent.
resource "google_cloud_run_v2_service_iam_member" "api_iap" {
  count = local.iap ? 1 : 0

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.api.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:service-${data.google_project.current.number}@gcp-sa-iap.iam.gserviceaccount.com"
}
