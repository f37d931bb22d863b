# jitgate on Google Cloud, deployed from this repository's build (README of terraform/gcp: how to
# make the source zip and upload it):
#
#   mvn -B -pl gcp-function -am package -DskipTests
#   ... zip the jar, gcloud storage cp it to gs://acme-jitgate-builds/jitgate-gcp-<sha>.zip
#   cd terraform/examples/gcp
#   terraform init
#   terraform apply -var source_object=jitgate-gcp-<sha>.zip
#
# Replace the project, bucket, client id and policy with your own; the jar must bundle the same
# policy as policy_file.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "google" {
  project = "acme-jitgate"
  region  = "europe-west1"
}

variable "source_object" {
  type        = string
  description = "Object name of the source zip in the bucket, a new one for every build."
}

module "jitgate" {
  source = "../../gcp"

  project_id    = "acme-jitgate"
  region        = "europe-west1"
  policy_file   = abspath("${path.module}/policy.yaml")
  source_bucket = "acme-jitgate-builds"
  source_object = var.source_object

  # The API verifies Google-issued ID tokens itself. For Identity-Aware Proxy instead, set
  # auth = "iap", iap_domain and iap_members.
  auth          = "oidc"
  oidc_issuer   = "https://accounts.google.com"
  oidc_audience = "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com"
  oidc_jwks_uri = "https://www.googleapis.com/oauth2/v3/certs"

  mail      = "smtp"
  mail_from = "jitgate@example.com"
  smtp_host = "smtp.example.com"

  labels = {
    app = "jitgate"
  }
}

output "api_url" {
  description = "Where the API is reached."
  value       = module.jitgate.api_url
}

output "grantable" {
  description = "Where jitgate may grant which roles."
  value       = module.jitgate.grantable
}

output "api_service_account" {
  description = "The API's service account: it mints the tokens of gcp.service-account-token."
  value       = module.jitgate.api_service_account
}
