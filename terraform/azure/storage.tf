# Two storage accounts, kept apart on purpose:
#
# - `data` holds the request table (every request and its audit events). The identity may read and
#   write that one table only ("Storage Table Data Contributor" scoped to the table), through Entra
#   ID: JITGATE_TABLES_ENDPOINT, never a key. Shared keys stay enabled because Terraform manages
#   the table through them (azurerm_storage_table always uses Shared Key), but no key of this
#   account is in any app setting.
# - `host` is the Functions runtime's own storage (AzureWebJobsStorage, the content share), which
#   the consumption and premium plans reach with its key. Whoever can read the app settings can
#   read that key, which is why the table is not in this account.

resource "azurerm_storage_account" "data" {
  name                             = local.data_storage_name
  resource_group_name              = azurerm_resource_group.jitgate.name
  location                         = azurerm_resource_group.jitgate.location
  account_kind                     = "StorageV2"
  account_tier                     = "Standard"
  account_replication_type         = var.data_storage_replication
  min_tls_version                  = "TLS1_2"
  https_traffic_only_enabled       = true
  allow_nested_items_to_be_public  = false
  cross_tenant_replication_enabled = false
  default_to_oauth_authentication  = true
  tags                             = var.tags
}

# The request store: JITGATE_TABLE. Letters and digits only.
resource "azurerm_storage_table" "requests" {
  name               = var.table_name
  storage_account_id = azurerm_storage_account.data.id
}

resource "azurerm_role_assignment" "table_data" {
  scope                            = azurerm_storage_table.requests.resource_manager_id
  role_definition_name             = "Storage Table Data Contributor"
  principal_id                     = azurerm_user_assigned_identity.jitgate.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  description                      = "jitgate ${var.name}: the request table, nothing else in the account"
}

resource "azurerm_storage_account" "host" {
  name                             = local.host_storage_name
  resource_group_name              = azurerm_resource_group.jitgate.name
  location                         = azurerm_resource_group.jitgate.location
  account_kind                     = "StorageV2"
  account_tier                     = "Standard"
  account_replication_type         = "LRS"
  min_tls_version                  = "TLS1_2"
  https_traffic_only_enabled       = true
  allow_nested_items_to_be_public  = false
  cross_tenant_replication_enabled = false
  tags                             = var.tags
}

# --- the package, when Terraform deploys it (var.package_zip) ----------------------------------------
#
# The zip is uploaded as a private blob, and the app runs from it (WEBSITE_RUN_FROM_PACKAGE = its
# URL), fetched with the identity (WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID), which may read
# this one container. The blob keeps its name, so the URL never changes; a new zip replaces the
# blob (its MD5 changes) and JITGATE_PACKAGE_MD5 in the app settings, and that change restarts
# the app on the new package.

resource "azurerm_storage_container" "packages" {
  count = var.package_zip != null ? 1 : 0

  name                  = "jitgate-packages"
  storage_account_id    = azurerm_storage_account.host.id
  container_access_type = "private"
}

resource "azurerm_storage_blob" "package" {
  count = var.package_zip != null ? 1 : 0

  name                 = "jitgate-azure.zip"
  storage_container_id = azurerm_storage_container.packages[0].id
  type                 = "Block"
  content_type         = "application/zip"
  source               = var.package_zip
  content_md5          = filemd5(var.package_zip)
}

resource "azurerm_role_assignment" "package_reader" {
  count = var.package_zip != null ? 1 : 0

  scope                            = azurerm_storage_container.packages[0].id
  role_definition_name             = "Storage Blob Data Reader"
  principal_id                     = azurerm_user_assigned_identity.jitgate.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  description                      = "jitgate ${var.name}: reads its own package"
}
