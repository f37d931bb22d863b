terraform {
  # 1.5 for `check` blocks; 1.2 for pre- and postconditions.
  required_version = ">= 1.5.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 5.x: rbac_authorization_enabled on the Key Vault, storage_account_id on tables and
      # containers, storage_container_id on blobs.
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
