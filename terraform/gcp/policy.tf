# What the policy lets jitgate hand out on Google Cloud, read from the policy file itself, so that
# the functions' service accounts may grant exactly those roles on exactly those resources and
# mint tokens for exactly those service accounts (access.tf). Everything here depends on
# var.policy_file and plain variables only, never on a resource attribute: terraform/test
# evaluates these locals offline against fixture policies.

locals {
  policy = yamldecode(file(var.policy_file))

  # A policy without entitlements or webhooks gives empty collections, not an error.
  entitlements = try([for e in local.policy.entitlements : e], [])
  webhooks     = try({ for name, w in local.policy.webhooks : name => w }, {})

  # gcp.iam-binding: a role on a project, folder or organization.
  iam_bindings = [
    for e in local.entitlements : {
      entitlement = e.id
      resource    = trimsuffix(e.grant.resource, "/")
      role        = e.grant.role
    }
    if try(e.grant.kind, "") == "gcp.iam-binding"
  ]
  resource_bindings = { for b in local.iam_bindings : b.resource => b... }
  grantable = {
    for resource, bindings in local.resource_bindings : resource => {
      type         = split("/", resource)[0]
      id           = split("/", resource)[1]
      roles        = sort(distinct([for b in bindings : b.role]))
      entitlements = sort([for b in bindings : b.entitlement])
    }
  }

  # The IAM condition on each granter binding: a setIamPolicy call may add or remove bindings of
  # the resource's policy roles only (iam.googleapis.com/modifiedGrantsByRole); getIamPolicy
  # modifies nothing, so it passes.
  grant_conditions = {
    for resource, g in local.grantable : resource => format(
      "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([%s])",
      join(", ", [for role in g.roles : "'${role}'"]),
    )
  }

  # Both functions grant and revoke: the API activates on approval, the sweep retries activations
  # and removes expired bindings. One conditional binding per resource and function.
  granters = {
    for pair in setproduct(keys(local.grantable), ["api", "sweep"]) : "${pair[0]}|${pair[1]}" => {
      resource = pair[0]
      type     = local.grantable[pair[0]].type
      id       = local.grantable[pair[0]].id
      function = pair[1]
    }
  }
  project_granters      = { for key, g in local.granters : key => g if g.type == "projects" }
  folder_granters       = { for key, g in local.granters : key => g if g.type == "folders" }
  organization_granters = { for key, g in local.granters : key => g if g.type == "organizations" }
  granter_organizations = sort(distinct([for key, g in local.organization_granters : g.id]))

  # gcp.service-account-token: the service accounts whose access tokens the API mints.
  token_accounts = sort(distinct([
    for e in local.entitlements : e.grant.serviceAccount
    if try(e.grant.kind, "") == "gcp.service-account-token"
  ]))

  # Roles that give away control: over IAM policies (anyone holding one could grant themselves
  # anything, or strip jitgate's conditions), over service accounts (impersonating jitgate's own,
  # or any other), or everything at once. A policy that names one is refused at plan time, and so
  # is every roles/resourcemanager.*Admin role.
  never_grantable_roles = [
    "roles/owner",
    "roles/editor",
    "roles/iam.securityAdmin",
    "roles/iam.roleAdmin",
    "roles/iam.organizationRoleAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountKeyAdmin",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.serviceAccountOpenIdTokenCreator",
    "roles/iam.serviceAccountUser",
    "roles/iam.workloadIdentityUser",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/iam.denyAdmin",
    "roles/orgpolicy.policyAdmin",
  ]
  forbidden_roles = concat(local.never_grantable_roles, var.extra_forbidden_roles)
  forbidden_grants = sort([
    for b in local.iam_bindings : "${b.entitlement} (${b.role})"
    if contains(local.forbidden_roles, b.role) || can(regex("^roles/resourcemanager\\.[A-Za-z]*Admin$", b.role))
  ])
  malformed_resources = sort([for r, g in local.grantable : r if !can(regex("^(projects|folders|organizations)/[^/]+$", r))])

  # jitgate's own service accounts, by the e-mail Google gives them.
  own_service_accounts = [for f in ["api", "sweep", "scheduler"] : "${var.name}-${f}@${var.project_id}.iam.gserviceaccount.com"]
  bad_token_accounts = sort([
    for sa in local.token_accounts : sa
    if contains(local.own_service_accounts, sa) || !can(regex("^[^@\\s/]+@[^@\\s/]+\\.gserviceaccount\\.com$", sa))
  ])

  # Webhooks whose signing secret the functions read from an environment variable.
  webhook_secret_envs = sort(distinct([for name, w in local.webhooks : w.secretEnv if try(w.secretEnv, null) != null]))
}

# Fails the plan, before anything is created, when the policy asks for what this module refuses.
resource "terraform_data" "policy_checks" {
  input = var.policy_file

  lifecycle {
    precondition {
      condition     = length(local.forbidden_grants) == 0
      error_message = "The policy hands out a role that gives away control of IAM or of service accounts (owner, editor, securityAdmin, resourcemanager.*Admin, serviceAccountTokenCreator, ... or one of extra_forbidden_roles): ${join(", ", local.forbidden_grants)}. jitgate never grants these."
    }
    precondition {
      condition     = length(local.malformed_resources) == 0
      error_message = "gcp.iam-binding resources must be projects/<id>, folders/<number> or organizations/<number>: ${join(", ", local.malformed_resources)}."
    }
    precondition {
      condition     = length(local.bad_token_accounts) == 0
      error_message = "gcp.service-account-token service accounts must be service account e-mails, and never jitgate's own: ${join(", ", local.bad_token_accounts)}."
    }
    precondition {
      condition     = alltrue([for env in local.webhook_secret_envs : contains(nonsensitive(keys(var.webhook_secrets)), env)])
      error_message = "Every webhook secretEnv of the policy needs a value in webhook_secrets (stored in Secret Manager): ${join(", ", local.webhook_secret_envs)}."
    }
  }
}
