# The function app: both functions of the azure-function package (`api`, HTTP, route {*path}; and
# `sweep`, timer 0 */1 * * * *) on Java 17, as the user-assigned identity.

resource "azurerm_service_plan" "jitgate" {
  name                = "asp-${var.name}"
  resource_group_name = azurerm_resource_group.jitgate.name
  location            = azurerm_resource_group.jitgate.location
  os_type             = "Linux"
  sku_name            = var.plan_sku
  tags                = var.tags
}

locals {
  key_vault_reference = { for name, s in azurerm_key_vault_secret.jitgate : local.kv_secret_settings[name] => "@Microsoft.KeyVault(SecretUri=${s.versionless_id})" }

  # The settings the composition root of azure-function reads (docs: README "Deploy on Azure").
  jitgate_settings = {
    FUNCTIONS_WORKER_RUNTIME = "java"
    AZURE_CLIENT_ID          = azurerm_user_assigned_identity.jitgate.client_id
    JITGATE_AZURE_TENANT_ID  = local.tenant_id
    JITGATE_TABLES_ENDPOINT  = trimsuffix(azurerm_storage_account.data.primary_table_endpoint, "/")
    JITGATE_TABLE            = azurerm_storage_table.requests.name
    JITGATE_BASE_URL         = local.base_url
    # The front door decides how callers are authenticated: App Service authentication signs them
    # in and the function trusts X-MS-CLIENT-PRINCIPAL, or the function verifies the bearer token.
    JITGATE_AUTH                = var.app_service_auth ? "app-service" : "oidc"
    JITGATE_OIDC_ISSUER         = var.app_service_auth ? null : var.oidc_issuer
    JITGATE_OIDC_AUDIENCE       = var.app_service_auth ? null : var.oidc_audience
    JITGATE_OIDC_JWKS_URI       = var.app_service_auth ? null : var.oidc_jwks_uri
    JITGATE_OIDC_IDENTITY       = var.oidc_identity
    JITGATE_OIDC_EMAIL_CLAIM    = var.oidc_email_claim
    JITGATE_OIDC_IDENTITY_CLAIM = var.oidc_identity_claim
    JITGATE_OIDC_IDENTITY_MAP   = var.oidc_identity_map
    JITGATE_OIDC_GROUPS_CLAIM   = var.oidc_groups_claim
    JITGATE_MAIL                = var.mail
    JITGATE_MAIL_FROM           = var.mail_from
    JITGATE_SMTP_HOST           = var.smtp_host
    JITGATE_SMTP_PORT           = var.smtp_port == null ? null : tostring(var.smtp_port)
    JITGATE_SMTP_TLS            = var.smtp_tls
    JITGATE_SMTP_USERNAME       = var.smtp_username
    # The shared store, when set; its password is a Key Vault reference (keyvault.tf).
    JITGATE_STORE           = local.shared_store ? "postgresql" : null
    JITGATE_JDBC_URL        = local.shared_store ? var.shared_store.jdbc_url : null
    JITGATE_JDBC_USER       = local.shared_store ? var.shared_store.user : null
    JITGATE_DEPLOYMENT      = local.shared_store ? var.shared_store.deployment_name : null
    JITGATE_POLICY_TAKEOVER = local.shared_store ? (var.shared_store.policy_takeover ? "true" : null) : null
  }

  # When Terraform deploys the package (storage.tf). JITGATE_PACKAGE_MD5 is not read by jitgate:
  # a new value restarts the app, which then loads the new package from the same URL.
  package_settings = var.package_zip == null ? {} : {
    WEBSITE_RUN_FROM_PACKAGE                     = azurerm_storage_blob.package[0].url
    WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID = azurerm_user_assigned_identity.jitgate.id
    JITGATE_PACKAGE_MD5                          = filemd5(var.package_zip)
  }

  # The module's settings win over var.app_settings; null and empty values are left out.
  app_settings = {
    for key, value in merge(var.app_settings, local.jitgate_settings, local.package_settings, local.key_vault_reference) : key => value
    if value != null && value != ""
  }
}

resource "azurerm_linux_function_app" "jitgate" {
  name                = local.function_app_name
  resource_group_name = azurerm_resource_group.jitgate.name
  location            = azurerm_resource_group.jitgate.location
  service_plan_id     = azurerm_service_plan.jitgate.id

  storage_account_name       = azurerm_storage_account.host.name
  storage_account_access_key = azurerm_storage_account.host.primary_access_key

  https_only                                     = true
  public_network_access_enabled                  = true
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  builtin_logging_enabled                        = false

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.jitgate.id]
  }
  key_vault_reference_identity_id = azurerm_user_assigned_identity.jitgate.id

  app_settings = local.app_settings

  site_config {
    application_stack {
      java_version = "17"
    }
    application_insights_connection_string = azurerm_application_insights.jitgate.connection_string
    minimum_tls_version                    = "1.2"
    ftps_state                             = "Disabled"
    http2_enabled                          = true
    health_check_path                      = var.plan_sku == "Y1" ? null : "/healthz"
    health_check_eviction_time_in_min      = var.plan_sku == "Y1" ? null : 5
  }

  # App Service authentication (Easy Auth) with Entra ID: every request but /healthz must be
  # signed in, and the function trusts the X-MS-CLIENT-PRINCIPAL header App Service adds (and
  # strips from incoming requests). Approval links then ask the approver to sign in too.
  dynamic "auth_settings_v2" {
    for_each = var.app_service_auth ? [1] : []

    content {
      auth_enabled           = true
      require_authentication = true
      unauthenticated_action = "RedirectToLoginPage"
      default_provider       = "azureactivedirectory"
      excluded_paths         = ["/healthz"]
      require_https          = true

      active_directory_v2 {
        client_id                  = var.entra_client_id
        tenant_auth_endpoint       = "https://login.microsoftonline.com/${local.tenant_id}/v2.0"
        client_secret_setting_name = var.entra_client_secret == null ? null : "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"
        allowed_audiences          = var.entra_allowed_audiences
      }

      login {
        token_store_enabled = false
      }
    }
  }

  tags = var.tags

  lifecycle {
    # `az functionapp deployment source config-zip` sets WEBSITE_RUN_FROM_PACKAGE itself on the
    # consumption plan; the next apply must not take it away. With package_zip the URL is fixed.
    ignore_changes = [app_settings["WEBSITE_RUN_FROM_PACKAGE"]]

    precondition {
      condition     = var.app_service_auth ? var.entra_client_id != null : (var.oidc_issuer != null && var.oidc_audience != null && var.oidc_jwks_uri != null)
      error_message = "With app_service_auth = true, entra_client_id is required; without it, the function verifies bearer tokens itself and oidc_issuer, oidc_audience and oidc_jwks_uri are all required."
    }
    precondition {
      condition     = var.mail != "smtp" || (var.smtp_host != null && var.mail_from != null)
      error_message = "mail = \"smtp\" needs smtp_host and mail_from."
    }
    postcondition {
      condition     = var.base_url != null || self.default_hostname == "${local.function_app_name}.azurewebsites.net"
      error_message = "The app's host name is not ${local.function_app_name}.azurewebsites.net, so approval links would point elsewhere: set base_url to https://${self.default_hostname} and apply again."
    }
  }

  # The identity must be able to read the secrets and the package before the app first starts.
  depends_on = [azurerm_role_assignment.secret_reader, azurerm_role_assignment.package_reader, azurerm_role_assignment.table_data]
}
