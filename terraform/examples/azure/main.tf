# jitgate on Azure, deployed from this repository's build:
#
#   mvn -B -pl azure-function -am package -DskipTests
#   (cd azure-function/target/azure-functions/*/ && zip -r "$OLDPWD/terraform/examples/azure/jitgate-azure.zip" .)
#   cd terraform/examples/azure
#   terraform init
#   terraform apply
#
# The policy is the repository's example (examples/policy.yaml): its azure.pim entitlement makes
# the identity able to request PIM assignments on that subscription, and its azure.role-assignment
# entitlement makes it Role Based Access Control Administrator on that resource group, limited by
# an ABAC condition to Contributor. Replace the policy, the tenant and the client ids with your
# own; the package must bundle the same policy.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "azurerm" {
  features {
    key_vault {
      # Purge protection is on: a destroyed vault stays recoverable for its retention period.
      purge_soft_delete_on_destroy = false
    }
  }
}

module "jitgate" {
  source = "../../azure"

  name        = "jitgate"
  location    = "westeurope"
  policy_file = abspath("${path.module}/../../../examples/policy.yaml")
  package_zip = abspath("${path.module}/jitgate-azure.zip")

  # The PIM custom role is defined where the policy's azure.pim scopes are.
  pim_role_definition_scope = "/subscriptions/2f1c4e6a-8b3d-4f0e-9a7c-5d6e8f9a0b1c"

  # The function verifies Entra ID bearer tokens itself; the stable oid claim identifies people,
  # mapped to their addresses. For App Service authentication instead, set app_service_auth = true
  # and entra_client_id.
  oidc_issuer         = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
  oidc_audience       = "11111111-1111-1111-1111-111111111111"
  oidc_jwks_uri       = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/discovery/v2.0/keys"
  oidc_identity       = "mapped-claim"
  oidc_identity_claim = "oid"
  oidc_identity_map = jsonencode({
    "22222222-2222-2222-2222-222222222222" = "alice@example.com"
    "33333333-3333-3333-3333-333333333333" = "carol@example.com"
  })

  mail          = "smtp"
  mail_from     = "jitgate@example.com"
  smtp_host     = "smtp.example.com"
  smtp_username = "jitgate"
  smtp_password = var.smtp_password

  log_retention_days = 90

  tags = {
    app = "jitgate"
  }
}

variable "smtp_password" {
  type        = string
  description = "Password of the SMTP account; kept in Key Vault."
  sensitive   = true
}

output "api_url" {
  description = "Where the API is reached."
  value       = module.jitgate.api_url
}

output "function_app_name" {
  description = "For az functionapp commands."
  value       = module.jitgate.function_app_name
}

output "rbac_scopes" {
  description = "Where jitgate may assign which roles."
  value       = module.jitgate.rbac_scopes
}
