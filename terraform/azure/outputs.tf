output "function_app_name" {
  description = "Name of the function app, for `az functionapp deployment source config-zip --name`."
  value       = azurerm_linux_function_app.jitgate.name
}

output "resource_group_name" {
  description = "Name of jitgate's resource group, for `az functionapp deployment source config-zip --resource-group`."
  value       = azurerm_resource_group.jitgate.name
}

output "api_url" {
  description = "Where the API is reached: https://<default host name>. Approval links start with base_url instead when it is set."
  value       = "https://${azurerm_linux_function_app.jitgate.default_hostname}"
}

output "possible_outbound_ip_addresses" {
  description = "Every address the app may connect out from (not all in use at once): what a database's firewall must allow when the app reaches it without VNet integration."
  value       = azurerm_linux_function_app.jitgate.possible_outbound_ip_address_list
}

output "identity_client_id" {
  description = "Client id of the functions' user-assigned identity (AZURE_CLIENT_ID)."
  value       = azurerm_user_assigned_identity.jitgate.client_id
}

output "identity_principal_id" {
  description = "Object (principal) id of the functions' identity: the principal of every role assignment the module makes."
  value       = azurerm_user_assigned_identity.jitgate.principal_id
}

output "key_vault_uri" {
  description = "URI of the Key Vault holding the signing keys, the audit key and the other secrets."
  value       = azurerm_key_vault.jitgate.vault_uri
}

output "signing_keys_secret_id" {
  description = "Versionless id of the signing-keys secret: rotate by adding a version (README)."
  value       = azurerm_key_vault_secret.jitgate["signing-keys"].versionless_id
}

output "table_endpoint" {
  description = "Table endpoint of the data storage account (JITGATE_TABLES_ENDPOINT)."
  value       = trimsuffix(azurerm_storage_account.data.primary_table_endpoint, "/")
}

output "table_name" {
  description = "Name of the request table (JITGATE_TABLE)."
  value       = azurerm_storage_table.requests.name
}

output "rbac_scopes" {
  description = "Scopes where the identity is Role Based Access Control Administrator, each with the roles its condition allows (azure.role-assignment)."
  value       = { for key, a in local.rbac_assignments : a.scope => a.roles }
}

output "pim_scopes" {
  description = "Scopes where the identity holds the PIM custom role (azure.pim), each with the roles the policy requests there."
  value       = { for key, a in local.pim_assignments : a.scope => a.roles }
}

output "application_insights_connection_string" {
  description = "Connection string of the Application Insights component the functions log to."
  value       = azurerm_application_insights.jitgate.connection_string
  sensitive   = true
}
