# Logs: the functions print every audit event as one JSON line to standard output, which
# Application Insights (workspace-based) collects into the Log Analytics workspace, kept for
# log_retention_days (the workspace's retention governs a workspace-based component).

resource "azurerm_log_analytics_workspace" "jitgate" {
  name                = "log-${var.name}"
  resource_group_name = azurerm_resource_group.jitgate.name
  location            = azurerm_resource_group.jitgate.location
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = var.tags
}

resource "azurerm_application_insights" "jitgate" {
  name                = "appi-${var.name}"
  resource_group_name = azurerm_resource_group.jitgate.name
  location            = azurerm_resource_group.jitgate.location
  workspace_id        = azurerm_log_analytics_workspace.jitgate.id
  application_type    = "java"
  tags                = var.tags
}
