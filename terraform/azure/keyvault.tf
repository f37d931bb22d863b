# The secrets of the deployment, in a Key Vault with RBAC authorization, purge protection and soft
# delete. The function app gets each one as an app setting whose value is a Key Vault reference,
# @Microsoft.KeyVault(SecretUri=...), resolved by App Service with the user-assigned identity
# (key_vault_reference_identity_id): the plain values are in no app setting, so reading the app's
# configuration does not reveal them.
#
# The identity is "Key Vault Secrets User" on each of these secrets, one assignment per secret,
# and on nothing else in the vault. The signing keys are JSON:
#
#   {"active": "k1", "keys": {"k1": "<base64 of 32 random bytes>"}}
#
# Terraform writes the first value of each secret and then ignores it, so a rotation done outside
# Terraform (a new version) survives the next apply; App Service picks up a new version within a
# day, or at once on a restart. The first values pass through the Terraform state: keep it
# encrypted and access-controlled, or rotate once after the first apply.
#
# The audit key's first value is var.audit_key when set: deployments that share a store must all
# hold the same audit key (each checks the seals the others wrote). A check warns when the secret
# holds another. With shared_store, the database password is the secret jdbc-password, whose first
# value is var.shared_store_password, and JITGATE_JDBC_PASSWORD is a reference to it.

resource "azurerm_key_vault" "jitgate" {
  name                          = local.key_vault_name
  resource_group_name           = azurerm_resource_group.jitgate.name
  location                      = azurerm_resource_group.jitgate.location
  tenant_id                     = local.tenant_id
  sku_name                      = "standard"
  rbac_authorization_enabled    = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = var.key_vault_soft_delete_retention_days
  public_network_access_enabled = true
  tags                          = var.tags
}

# Terraform itself must write the secrets into an RBAC vault. Off when the deploying principal
# already has a data role on the vault (for example from a management group).
resource "azurerm_role_assignment" "deployer_secrets_officer" {
  count = var.grant_deployer_secrets_officer ? 1 : 0

  scope                = azurerm_key_vault.jitgate.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
  description          = "jitgate ${var.name}: the principal that runs Terraform writes the first secret values"
}

resource "random_bytes" "signing_key" {
  length = 32
}

resource "random_bytes" "audit_key" {
  length = 32
}

locals {
  # The secrets of the deployment and the app setting that references each. Optional ones are
  # present only when their variable is set; whether one is set is not itself a secret, so these
  # names stay visible in plans.
  kv_secret_settings = merge(
    { "signing-keys" = "JITGATE_SIGNING_KEYS", "audit-key" = "JITGATE_AUDIT_KEY" },
    nonsensitive(var.smtp_password != null) ? { "smtp-password" = "JITGATE_SMTP_PASSWORD" } : {},
    nonsensitive(var.entra_client_secret != null) ? { "entra-client-secret" = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET" } : {},
    local.shared_store ? { "jdbc-password" = "JITGATE_JDBC_PASSWORD" } : {},
    { for env in local.webhook_secret_envs : "webhook-${lower(replace(env, "_", "-"))}" => env },
  )

  # The first value of each.
  kv_secret_values = merge(
    {
      "signing-keys" = jsonencode({ active = "k1", keys = { k1 = random_bytes.signing_key.base64 } })
      "audit-key"    = var.audit_key != null ? var.audit_key : random_bytes.audit_key.base64
    },
    nonsensitive(var.smtp_password != null) ? { "smtp-password" = var.smtp_password } : {},
    nonsensitive(var.entra_client_secret != null) ? { "entra-client-secret" = var.entra_client_secret } : {},
    local.shared_store ? { "jdbc-password" = var.shared_store_password } : {},
    { for env in local.webhook_secret_envs : "webhook-${lower(replace(env, "_", "-"))}" => var.webhook_secrets[env] },
  )
}

resource "azurerm_key_vault_secret" "jitgate" {
  for_each = local.kv_secret_settings

  name         = each.key
  key_vault_id = azurerm_key_vault.jitgate.id
  value        = local.kv_secret_values[each.key]
  content_type = "jitgate ${each.value}"

  lifecycle {
    ignore_changes = [value]

    precondition {
      condition     = each.key != "jdbc-password" || nonsensitive(var.shared_store_password != null && var.shared_store_password != "")
      error_message = "shared_store_password is required with shared_store: the password of the database user."
    }
  }

  depends_on = [azurerm_role_assignment.deployer_secrets_officer]
}

resource "azurerm_role_assignment" "secret_reader" {
  for_each = azurerm_key_vault_secret.jitgate

  scope                            = each.value.resource_versionless_id
  role_definition_name             = "Key Vault Secrets User"
  principal_id                     = azurerm_user_assigned_identity.jitgate.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  description                      = "jitgate ${var.name}: reads ${each.key} for its app setting"
}

check "audit_key_is_the_given_one" {
  data "azurerm_key_vault_secret" "audit_key_now" {
    name         = azurerm_key_vault_secret.jitgate["audit-key"].name
    key_vault_id = azurerm_key_vault.jitgate.id
  }

  assert {
    condition     = nonsensitive(var.audit_key == null || data.azurerm_key_vault_secret.audit_key_now.value == var.audit_key)
    error_message = "The Key Vault secret audit-key holds another audit key than var.audit_key: Terraform writes only a new secret's first value. Deployments that share a store must hold the same key; add a version with the value of audit_key (az keyvault secret set) and restart the app."
  }
}
