# What the policy lets jitgate hand out on Azure, read from the policy file itself, so that the
# function's identity may assign exactly those roles at exactly those scopes and nothing else
# (access.tf). Everything here depends on var.policy_file and plain variables only, never on a
# resource attribute: terraform/test evaluates these locals offline against fixture policies.

locals {
  policy = yamldecode(file(var.policy_file))

  # A policy without entitlements or webhooks gives empty collections, not an error.
  entitlements = try([for e in local.policy.entitlements : e], [])
  webhooks     = try({ for name, w in local.policy.webhooks : name => w }, {})

  # Every Azure grant of the policy. roleDefinitionId may be a GUID or a full id ending in the
  # GUID; Azure compares GUIDs and scopes without regard to case, so both are compared in lower
  # case, while a scope keeps the spelling of the first entitlement that names it.
  azure_grants = [
    for e in local.entitlements : {
      entitlement = e.id
      kind        = e.grant.kind
      scope       = trimsuffix(e.grant.scope, "/")
      role        = lower(reverse(split("/", e.grant.roleDefinitionId))[0])
    }
    if contains(["azure.pim", "azure.role-assignment"], try(e.grant.kind, ""))
  ]

  # azure.role-assignment: one assignment of "Role Based Access Control Administrator" per scope,
  # whose ABAC condition allows writing and deleting assignments of these roles only.
  rbac_scope_grants = { for g in local.azure_grants : lower(g.scope) => g... if g.kind == "azure.role-assignment" }
  rbac_assignments = {
    for key, grants in local.rbac_scope_grants : key => {
      scope        = grants[0].scope
      roles        = sort(distinct([for g in grants : g.role]))
      entitlements = sort([for g in grants : g.entitlement])
    }
  }

  # azure.pim: one assignment of the module's PIM custom role per scope (access.tf explains why
  # that one carries no condition).
  pim_scope_grants = { for g in local.azure_grants : lower(g.scope) => g... if g.kind == "azure.pim" }
  pim_assignments = {
    for key, grants in local.pim_scope_grants : key => {
      scope        = grants[0].scope
      roles        = sort(distinct([for g in grants : g.role]))
      entitlements = sort([for g in grants : g.entitlement])
    }
  }
  pim_scopes = sort([for key, a in local.pim_assignments : a.scope])

  # The condition on each RBAC administrator assignment (Azure ABAC, condition version 2.0): a
  # write must create an assignment of one of the scope's roles to a principal of an allowed type,
  # and a delete may remove only such an assignment. Any other action of the role is unaffected.
  assignable_principal_types = join(", ", [for t in var.assignable_principal_types : "'${t}'"])
  rbac_conditions = {
    for key, a in local.rbac_assignments : key => format(
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {%s} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {%s})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {%s} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {%s}))",
      join(", ", a.roles), local.assignable_principal_types, join(", ", a.roles), local.assignable_principal_types,
    )
  }

  # Roles that hand out access themselves: whoever holds one at a scope can give anyone anything
  # there, jitgate's own identity included. A policy that names one is refused at plan time.
  never_grantable_roles = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" = "Owner"
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9" = "User Access Administrator"
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168" = "Role Based Access Control Administrator"
  }
  forbidden_role_ids = concat(keys(local.never_grantable_roles), [for id in var.extra_forbidden_role_definition_ids : lower(id)])
  forbidden_grants   = sort([for g in local.azure_grants : "${g.entitlement} (${g.role})" if contains(local.forbidden_role_ids, g.role)])

  # Webhooks whose signing secret the functions read from an environment variable.
  webhook_secret_envs = sort(distinct([for name, w in local.webhooks : w.secretEnv if try(w.secretEnv, null) != null]))
}

# Fails the plan, before anything is created, when the policy asks for what this module refuses.
resource "terraform_data" "policy_checks" {
  input = var.policy_file

  lifecycle {
    precondition {
      condition     = length(local.forbidden_grants) == 0
      error_message = "The policy hands out a role that administers access (Owner, User Access Administrator, Role Based Access Control Administrator, or one of extra_forbidden_role_definition_ids): ${join(", ", local.forbidden_grants)}. jitgate never grants these."
    }
    precondition {
      condition     = alltrue([for env in local.webhook_secret_envs : contains(nonsensitive(keys(var.webhook_secrets)), env)])
      error_message = "Every webhook secretEnv of the policy needs a value in webhook_secrets (stored in Key Vault): ${join(", ", local.webhook_secret_envs)}."
    }
    precondition {
      condition     = alltrue([for a in values(local.pim_assignments) : startswith(lower(a.scope), "${lower(local.pim_role_definition_scope)}/") || lower(a.scope) == lower(local.pim_role_definition_scope)]) || !startswith(local.pim_role_definition_scope, "/subscriptions/")
      error_message = "Every azure.pim scope must lie within pim_role_definition_scope (default: the current subscription), where the module defines its PIM custom role. For scopes in several subscriptions, set it to a management group above them."
    }
  }
}
