# The identity's access to the scopes the policy hands roles out on, and nothing beyond them.
#
# azure.role-assignment (plain RBAC). At each scope, "Role Based Access Control Administrator"
# (roleAssignments/write and /delete, and */read), limited by an Azure ABAC condition (version 2.0)
# to assignments of exactly the roles the policy names at that scope, and only to principals of
# assignable_principal_types (default: users). The write side checks the role and principal type of
# the request, the delete side those of the existing assignment. So the identity can neither hand
# out Owner or any other role, nor give anything to itself (a service principal), nor remove
# anybody else's other assignments.
#
# azure.pim (PIM role assignment schedule requests, AdminAssign and AdminRemove). No built-in role
# carries Microsoft.Authorization/roleAssignmentScheduleRequests/write without also carrying
# everything else in Microsoft.Authorization (User Access Administrator, Owner), and Azure ABAC
# conditions apply to roleAssignments/write and /delete only: roleAssignmentScheduleRequests is not
# among the actions a condition can target, and Microsoft's known issues of constrained delegation
# say it cannot be done through PIM. So the module defines a custom role with exactly the
# schedule-request actions the provider calls, assigned at each azure.pim scope without a
# condition (a condition there would constrain nothing, and is reported to make PIM refuse the
# caller: terraform-provider-azurerm issue 28067). That role can request any role at its scopes;
# what bounds it is (1) the scopes, which are only those of the policy, (2) the plan check in
# policy.tf that refuses Owner, User Access Administrator and Role Based Access Control
# Administrator in the policy, and (3) PIM's own role settings and audit (every request is an
# Entra audit event with jitgate's justification). Prefer azure.role-assignment where the tenant
# allows it, or keep azure.pim scopes narrow.

# --- azure.role-assignment ---------------------------------------------------------------------------

resource "azurerm_role_assignment" "rbac_administrator" {
  for_each = local.rbac_assignments

  scope                            = each.value.scope
  role_definition_name             = "Role Based Access Control Administrator"
  principal_id                     = azurerm_user_assigned_identity.jitgate.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  condition_version                = "2.0"
  condition                        = local.rbac_conditions[each.key]
  description                      = "jitgate ${var.name}: may assign and remove only ${join(", ", each.value.roles)} (entitlements ${join(", ", each.value.entitlements)})"

  depends_on = [terraform_data.policy_checks]
}

# --- azure.pim ---------------------------------------------------------------------------------------

# Exactly what the azure.pim provider calls: create a schedule request (AdminAssign, AdminRemove),
# read it back, and read the schedules and instances it produced to tell whether a grant exists.
resource "azurerm_role_definition" "pim_requests" {
  count = length(local.pim_scopes) > 0 ? 1 : 0

  name        = "jitgate PIM requests (${var.name}-${local.suffix})"
  scope       = local.pim_role_definition_scope
  description = "jitgate ${var.name}: create and read PIM role assignment schedule requests at the azure.pim scopes of its policy"

  permissions {
    actions = [
      "Microsoft.Authorization/roleAssignmentScheduleRequests/write",
      "Microsoft.Authorization/roleAssignmentScheduleRequests/read",
      "Microsoft.Authorization/roleAssignmentSchedules/read",
      "Microsoft.Authorization/roleAssignmentScheduleInstances/read",
    ]
    not_actions = []
  }

  assignable_scopes = local.pim_scopes
}

resource "azurerm_role_assignment" "pim_requests" {
  for_each = local.pim_assignments

  scope                            = each.value.scope
  role_definition_id               = azurerm_role_definition.pim_requests[0].role_definition_resource_id
  principal_id                     = azurerm_user_assigned_identity.jitgate.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  description                      = "jitgate ${var.name}: PIM requests for ${join(", ", each.value.roles)} (entitlements ${join(", ", each.value.entitlements)})"

  depends_on = [terraform_data.policy_checks]
}
