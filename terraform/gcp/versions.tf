terraform {
  # 1.5 for `check` blocks; 1.2 for pre- and postconditions.
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 7.x: google_cloudfunctions2_function's service_config, google_firestore_database's
      # delete_protection_state and google_cloud_run_v2_service_iam_member.
      version = "~> 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
