# The functions' access to what the policy hands out, and nothing beyond it.
#
# gcp.iam-binding. On each project, folder and organization of the policy, both function service
# accounts get a role that can read and set the IAM policy there, in a binding whose IAM condition
# limits which roles they may grant or revoke to exactly the policy's roles on that resource:
#
#   api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a', 'roles/b'])
#
# A setIamPolicy call that adds or removes a binding of any other role is refused, so neither
# function can grant itself or anyone else anything the policy does not name there.
#
#   projects       roles/resourcemanager.projectIamAdmin (projects.get, getIamPolicy, setIamPolicy)
#   folders        roles/resourcemanager.folderIamAdmin (folders.get, getIamPolicy, setIamPolicy)
#   organizations  a custom organization role with exactly resourcemanager.organizations.getIamPolicy
#                  and setIamPolicy: no predefined role is that narrow (organizationAdmin and
#                  iam.securityAdmin carry much more)
#
# gcp.service-account-token. The API's service account gets roles/iam.serviceAccountTokenCreator
# on exactly each service account the policy names (google_service_account_iam_member), never on
# a project; the sweep issues no tokens.

resource "google_project_iam_member" "granter" {
  for_each = local.project_granters

  project = each.value.id
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "serviceAccount:${local.function_emails[each.value.function]}"

  condition {
    title       = "jitgate-grants-policy-roles-only"
    description = "jitgate ${var.name} may grant and revoke only the roles its policy names on ${each.value.resource}"
    expression  = local.grant_conditions[each.value.resource]
  }

  depends_on = [terraform_data.policy_checks]
}

resource "google_folder_iam_member" "granter" {
  for_each = local.folder_granters

  folder = "folders/${each.value.id}"
  role   = "roles/resourcemanager.folderIamAdmin"
  member = "serviceAccount:${local.function_emails[each.value.function]}"

  condition {
    title       = "jitgate-grants-policy-roles-only"
    description = "jitgate ${var.name} may grant and revoke only the roles its policy names on ${each.value.resource}"
    expression  = local.grant_conditions[each.value.resource]
  }

  depends_on = [terraform_data.policy_checks]
}

resource "google_organization_iam_custom_role" "granter" {
  for_each = toset(local.granter_organizations)

  org_id      = each.value
  role_id     = "${replace(var.name, "-", "_")}_iam_granter"
  title       = "jitgate ${var.name} IAM granter"
  description = "Read and set the organization's IAM policy; jitgate's bindings of it carry a condition on the roles they may grant."
  permissions = ["resourcemanager.organizations.getIamPolicy", "resourcemanager.organizations.setIamPolicy"]
  stage       = "GA"
}

resource "google_organization_iam_member" "granter" {
  for_each = local.organization_granters

  org_id = each.value.id
  role   = google_organization_iam_custom_role.granter[each.value.id].name
  member = "serviceAccount:${local.function_emails[each.value.function]}"

  condition {
    title       = "jitgate-grants-policy-roles-only"
    description = "jitgate ${var.name} may grant and revoke only the roles its policy names on ${each.value.resource}"
    expression  = local.grant_conditions[each.value.resource]
  }

  depends_on = [terraform_data.policy_checks]
}

resource "google_service_account_iam_member" "token_creator" {
  for_each = toset(local.token_accounts)

  service_account_id = "projects/-/serviceAccounts/${each.value}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.api.email}"

  depends_on = [terraform_data.policy_checks]
}
