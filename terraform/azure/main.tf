# jitgate on Azure: one Linux function app (Java 17) holding both functions of the azure-function
# package, `api` (HTTP) and `sweep` (timer, every minute), running as one user-assigned managed
# identity that holds only what jitgate needs. The files split it up:
#
#   policy.tf      what the policy lets jitgate hand out, read from var.policy_file; plan checks
#   access.tf      the identity's role assignments at the policy's scopes (with ABAC conditions)
#   storage.tf     the request table (its own storage account) and the functions' host storage
#   keyvault.tf    the Key Vault with the signing keys, the audit key and other secrets
#   function.tf    the plan, the function app, its app settings and App Service authentication
#   monitoring.tf  Log Analytics and Application Insights
#
# With shared_store set, the functions keep their requests in a PostgreSQL database that
# deployments on other clouds share (JITGATE_STORE=postgresql); its password is a Key Vault secret
# like the others (keyvault.tf). The request table is still created, unused.

data "azurerm_client_config" "current" {}

data "azurerm_subscription" "current" {}

resource "random_string" "suffix" {
  length  = 6
  lower   = true
  upper   = false
  numeric = true
  special = false
}

locals {
  tenant_id = data.azurerm_client_config.current.tenant_id
  suffix    = random_string.suffix.result

  resource_group_name = coalesce(var.resource_group_name, "rg-${var.name}")
  function_app_name   = coalesce(var.function_app_name, "${var.name}-${local.suffix}")
  # Storage account names: 3 to 24 lower-case letters and digits, unique in Azure.
  storage_prefix       = substr(replace(lower(var.name), "/[^a-z0-9]/", ""), 0, 11)
  data_storage_name    = "${local.storage_prefix}data${local.suffix}"
  host_storage_name    = "${local.storage_prefix}host${local.suffix}"
  key_vault_name       = "kv-${substr(var.name, 0, 14)}-${local.suffix}"
  resource_group_scope = "${data.azurerm_subscription.current.id}/resourceGroups/${local.resource_group_name}"

  # The shared store (PostgreSQL) instead of the table.
  shared_store = var.shared_store != null

  # Where the module defines its PIM custom role (access.tf).
  pim_role_definition_scope = coalesce(var.pim_role_definition_scope, data.azurerm_subscription.current.id)

  # Approval links start with this. Functions' default route prefix "api" is removed in the
  # package's host.json, so the API's paths start at the root.
  base_url = coalesce(var.base_url, "https://${local.function_app_name}.azurewebsites.net")
}

resource "azurerm_resource_group" "jitgate" {
  name     = local.resource_group_name
  location = var.location
  tags     = var.tags
}

# The one identity of both functions. Its client id is AZURE_CLIENT_ID, which azure-identity reads;
# its principal id is what every role assignment of access.tf, storage.tf and keyvault.tf names.
resource "azurerm_user_assigned_identity" "jitgate" {
  name                = "id-${var.name}"
  resource_group_name = azurerm_resource_group.jitgate.name
  location            = azurerm_resource_group.jitgate.location
  tags                = var.tags
}

# jitgate's own resources must not lie inside a scope the policy hands roles out on: a write role
# there would let the requester change the function app, and so act as jitgate. A warning only,
# because reader roles there are harmless.
check "jitgate_outside_granted_scopes" {
  assert {
    condition = alltrue([
      for g in local.azure_grants : !startswith(lower("${local.resource_group_scope}/"), "${lower(g.scope)}/")
    ])
    error_message = "The policy grants roles at a scope that contains jitgate's own resource group (${local.resource_group_scope}). Anyone granted a write role there could change the function app and act as jitgate. Deploy jitgate in a subscription or resource group outside every granted scope."
  }
}
