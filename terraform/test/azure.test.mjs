// Offline checks of the terraform/azure module: the HCL is parsed with @cdktf/hcl2json, and the
// expressions that turn the policy into role assignments are evaluated (hcl-eval.mjs) against
// fixture policies, so every role assignment the module would make is checked for its principal,
// scope, role and ABAC condition. Where terraform is installed, `terraform console` evaluates the
// same policy locals from the module's own policy.tf and variables.tf, and must agree.
//
//   cd terraform/test && npm ci && node --test azure.test.mjs

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { evaluateValue } from "./hcl-eval.mjs";
import {
  asList,
  attributeOf,
  first,
  fixture,
  instanceStandIns,
  instancesOf,
  loadModule,
  localsOf,
  moduleDirOf,
  moduleScope,
  preconditionsOf,
  resources,
  sorted,
  terraformConsole,
  terraformInstalled,
  tfText,
} from "./module.mjs";

const dir = moduleDirOf("azure");
const POLICY = fixture("azure-policy.yaml");
const FORBIDDEN_POLICY = fixture("azure-forbidden-policy.yaml");
const SUB1 = "/subscriptions/11111111-1111-4111-8111-111111111111";
const SUB2 = "/subscriptions/22222222-2222-4222-8222-222222222222";

const ROLE = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  blobReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  websiteContributor: "de139f84-1756-47ae-9be6-808fbbe84772",
};
const IDENTITY = "${azurerm_user_assigned_identity.jitgate.principal_id}";
const DEPLOYER = "${data.azurerm_client_config.current.object_id}";
const SECRET_SCOPE = (key) => `\${azurerm_key_vault_secret.jitgate[${JSON.stringify(key)}].resource_versionless_id}`;

// The settings the Azure composition root reads (shared/settings.md), and the common ones.
const SETTINGS_FROM_MODULE = [
  "AZURE_CLIENT_ID",
  "FUNCTIONS_WORKER_RUNTIME",
  "JITGATE_AUDIT_KEY",
  "JITGATE_AUTH",
  "JITGATE_AZURE_TENANT_ID",
  "JITGATE_BASE_URL",
  "JITGATE_MAIL",
  "JITGATE_OIDC_AUDIENCE",
  "JITGATE_OIDC_ISSUER",
  "JITGATE_OIDC_JWKS_URI",
  "JITGATE_SIGNING_KEYS",
  "JITGATE_TABLE",
  "JITGATE_TABLES_ENDPOINT",
];

const OIDC = { oidc_issuer: "https://login.example.com", oidc_audience: "jitgate", oidc_jwks_uri: "https://login.example.com/jwks" };
const BASE_VARS = { policy_file: POLICY, location: "westeurope", webhook_secrets: { AUDIT_FEED_SECRET: "s3cret-webhook" }, ...OIDC };

let config;
before(async () => {
  config = await loadModule(dir);
});

const scopeWith = (vars = {}) => moduleScope(config, dir, { ...BASE_VARS, ...vars });

/** The scope with every resource that other resources iterate over stood in for. */
function fullScope(vars = {}) {
  const names = instanceStandIns(config, scopeWith(vars), "azurerm_key_vault_secret", "jitgate");
  return moduleScope(config, dir, { ...BASE_VARS, ...vars }, names);
}

/**
 * Every role assignment the module would make with these variables, as
 * {address, principal, scope, role, condition, conditionVersion}.
 */
function roleAssignments(vars = {}) {
  const scope = fullScope(vars);
  const rows = [];
  for (const name of Object.keys(resources(config, "azurerm_role_assignment"))) {
    const resource = resources(config, "azurerm_role_assignment")[name];
    for (const instance of instancesOf(config, scope, "azurerm_role_assignment", name)) {
      const attr = (a) => (a in resource ? String(attributeOf(config, instance.scope, "azurerm_role_assignment", name, a)) : undefined);
      rows.push({
        address: `azurerm_role_assignment.${name}${instance.key === null ? "" : `[${JSON.stringify(instance.key)}]`}`,
        principal: attr("principal_id"),
        scope: attr("scope"),
        role: attr("role_definition_name") ?? attr("role_definition_id"),
        condition: attr("condition"),
        conditionVersion: attr("condition_version"),
      });
    }
  }
  return rows;
}

/** The GUID sets and principal types of an RBAC administrator's condition, for write and delete. */
function parseCondition(condition) {
  const m =
    /^\(\(!\(ActionMatches\{'Microsoft\.Authorization\/roleAssignments\/write'\}\)\) OR \(@Request\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{([^}]*)\} AND @Request\[Microsoft\.Authorization\/roleAssignments:PrincipalType\] ForAnyOfAnyValues:StringEqualsIgnoreCase \{([^}]*)\}\)\) AND \(\(!\(ActionMatches\{'Microsoft\.Authorization\/roleAssignments\/delete'\}\)\) OR \(@Resource\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{([^}]*)\} AND @Resource\[Microsoft\.Authorization\/roleAssignments:PrincipalType\] ForAnyOfAnyValues:StringEqualsIgnoreCase \{([^}]*)\}\)\)$/.exec(
      condition,
    );
  assert.ok(m, `not the expected condition shape: ${condition}`);
  const list = (s) => sorted(s.split(",").map((x) => x.trim()));
  return { write: list(m[1]), writeTypes: list(m[2]), delete: list(m[3]), deleteTypes: list(m[4]) };
}

// --- least privilege: the role assignments ----------------------------------------------------------------

describe("role assignments: principal, scope, role and condition of every one", () => {
  test("with a policy of two azure.role-assignment scopes and two azure.pim scopes, the identity gets exactly these", () => {
    const rows = roleAssignments().filter((r) => r.principal === IDENTITY);
    const pimRole = "${azurerm_role_definition.pim_requests[0].role_definition_resource_id}";
    const expected = [
      [`${SUB1}/resourceGroups/analytics`, "Role Based Access Control Administrator", true],
      [`${SUB2}/resourceGroups/logs/providers/Microsoft.Storage/storageAccounts/acmelogs`, "Role Based Access Control Administrator", true],
      [SUB1, pimRole, false],
      [`${SUB1}/resourceGroups/web`, pimRole, false],
      ["${azurerm_storage_table.requests.resource_manager_id}", "Storage Table Data Contributor", false],
      [SECRET_SCOPE("audit-key"), "Key Vault Secrets User", false],
      [SECRET_SCOPE("signing-keys"), "Key Vault Secrets User", false],
      [SECRET_SCOPE("webhook-audit-feed-secret"), "Key Vault Secrets User", false],
    ];
    assert.deepEqual(
      sorted(rows.map((r) => JSON.stringify([r.scope, r.role, r.condition !== undefined]))),
      sorted(expected.map((e) => JSON.stringify(e))),
    );
  });

  test("each RBAC administrator condition allows writing and deleting exactly the policy's roles at its scope, to users only", () => {
    const rbac = roleAssignments().filter((r) => r.role === "Role Based Access Control Administrator");
    const expected = {
      [`${SUB1}/resourceGroups/analytics`]: sorted([ROLE.contributor, ROLE.reader]),
      [`${SUB2}/resourceGroups/logs/providers/Microsoft.Storage/storageAccounts/acmelogs`]: [ROLE.blobReader],
    };
    assert.deepEqual(sorted(rbac.map((r) => r.scope)), sorted(Object.keys(expected)));
    for (const row of rbac) {
      assert.equal(row.principal, IDENTITY, row.address);
      assert.equal(row.conditionVersion, "2.0", row.address);
      const c = parseCondition(row.condition);
      assert.deepEqual(c.write, expected[row.scope], `${row.address} write`);
      assert.deepEqual(c.delete, expected[row.scope], `${row.address} delete`);
      assert.deepEqual(c.writeTypes, ["'User'"], row.address);
      assert.deepEqual(c.deleteTypes, ["'User'"], row.address);
    }
  });

  test("the scope spelled twice (other case, trailing slash) is one assignment, and role ids given in full are reduced to lower-case GUIDs", () => {
    const rbac = roleAssignments().filter((r) => r.role === "Role Based Access Control Administrator");
    assert.equal(rbac.filter((r) => r.scope.toLowerCase().includes("analytics")).length, 1);
    for (const row of rbac) for (const guid of parseCondition(row.condition).write) assert.match(guid, /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
  });

  test("Group may be allowed as a principal type; ServicePrincipal never (the identity could assign itself)", () => {
    const rows = roleAssignments({ assignable_principal_types: ["User", "Group"] }).filter((r) => r.condition);
    for (const row of rows) assert.deepEqual(parseCondition(row.condition).writeTypes, ["'Group'", "'User'"]);
    const validation = asList(config.variable.assignable_principal_types.validation)[0];
    const holds = (value) => evaluateValue(validation.condition, scopeWith({ assignable_principal_types: value }));
    assert.equal(holds(["User"]), true);
    assert.equal(holds(["User", "Group"]), true);
    assert.equal(holds(["User", "ServicePrincipal"]), false);
    assert.equal(holds([]), false);
  });

  test("the PIM custom role holds exactly the schedule-request actions, assignable at the policy's azure.pim scopes only", () => {
    const definition = resources(config, "azurerm_role_definition").pim_requests;
    assert.ok(definition, "azurerm_role_definition.pim_requests does not exist");
    const permissions = first(definition.permissions);
    assert.deepEqual(sorted(permissions.actions), [
      "Microsoft.Authorization/roleAssignmentScheduleInstances/read",
      "Microsoft.Authorization/roleAssignmentScheduleRequests/read",
      "Microsoft.Authorization/roleAssignmentScheduleRequests/write",
      "Microsoft.Authorization/roleAssignmentSchedules/read",
    ]);
    assert.deepEqual(asList(permissions.not_actions), []);
    assert.equal(permissions.data_actions, undefined);
    assert.deepEqual(evaluateValue(definition.assignable_scopes, scopeWith()), sorted([SUB1, `${SUB1}/resourceGroups/web`]));
    assert.deepEqual(instancesOf(config, scopeWith(), "azurerm_role_definition", "pim_requests").length, 1);
    // Without azure.pim entitlements there is no custom role and no PIM assignment at all.
    const none = scopeWith({ policy_file: fixture("azure-rbac-only-policy.yaml") });
    assert.equal(instancesOf(config, none, "azurerm_role_definition", "pim_requests").length, 0);
    assert.equal(instancesOf(config, none, "azurerm_role_assignment", "pim_requests").length, 0);
  });

  test("no assignment of the module is Owner, User Access Administrator, Contributor or an unconditioned RBAC administrator", () => {
    for (const vars of [{}, { package_zip: fixture("azure-policy.yaml"), smtp_password: "x", mail: "smtp", smtp_host: "smtp.example.com", mail_from: "j@example.com" }]) {
      for (const row of roleAssignments(vars)) {
        assert.ok(!["Owner", "User Access Administrator", "Contributor"].includes(row.role), `${row.address}: ${row.role}`);
        for (const id of [ROLE.owner, ROLE.userAccessAdministrator, ROLE.rbacAdministrator]) assert.ok(!row.role.includes(id), row.address);
        if (row.role === "Role Based Access Control Administrator") assert.ok(row.condition, `${row.address} has no condition`);
      }
    }
  });

  test("only the deployer, to write the secrets, is assigned anything besides the identity: Secrets Officer on the vault", () => {
    const others = roleAssignments().filter((r) => r.principal !== IDENTITY);
    assert.deepEqual(others.map((r) => [r.address, r.principal, r.scope, r.role]), [
      ["azurerm_role_assignment.deployer_secrets_officer[0]", DEPLOYER, "${azurerm_key_vault.jitgate.id}", "Key Vault Secrets Officer"],
    ]);
    assert.equal(roleAssignments({ grant_deployer_secrets_officer: false }).filter((r) => r.principal !== IDENTITY).length, 0);
  });
});

describe("the policy's forbidden roles", () => {
  const holds = (vars) => {
    const resource = resources(config, "terraform_data").policy_checks;
    const scope = scopeWith({ pim_role_definition_scope: SUB1, ...vars });
    return preconditionsOf(resource).map((p) => ({ ok: evaluateValue(p.condition, scope), message: evaluateValue(p.error_message, scope) }));
  };

  test("a policy naming Owner, User Access Administrator or RBAC administrator fails the plan, naming each entitlement", () => {
    const [forbidden] = holds({ policy_file: FORBIDDEN_POLICY });
    assert.equal(forbidden.ok, false);
    for (const e of [`sub-owner (${ROLE.owner})`, `rg-access-admin-pim (${ROLE.userAccessAdministrator})`, `rg-rbac-admin (${ROLE.rbacAdministrator})`]) {
      assert.ok(forbidden.message.includes(e), `${e} not in: ${forbidden.message}`);
    }
    assert.ok(!forbidden.message.includes("rg-reader"));
  });

  test("the fixture policy passes, and extra_forbidden_role_definition_ids refuses a role of it", () => {
    assert.deepEqual(holds({}).map((c) => c.ok), [true, true, true]);
    const [extra] = holds({ extra_forbidden_role_definition_ids: [ROLE.blobReader.toUpperCase()] });
    assert.equal(extra.ok, false);
    assert.match(extra.message, /logs-blob-reader/);
  });

  test("the repository's examples/policy.yaml, which the example deploys, passes every check", () => {
    const example = path.resolve(dir, "..", "..", "examples", "policy.yaml");
    assert.deepEqual(holds({ policy_file: example, webhook_secrets: {}, pim_role_definition_scope: "/subscriptions/2f1c4e6a-8b3d-4f0e-9a7c-5d6e8f9a0b1c" }).map((c) => c.ok), [true, true, true]);
  });

  test("a webhook secretEnv without a value in webhook_secrets fails the plan", () => {
    assert.equal(holds({ webhook_secrets: {} })[1].ok, false);
  });

  test("azure.pim scopes outside the custom role's definition scope fail the plan", () => {
    assert.equal(holds({ pim_role_definition_scope: SUB2 })[2].ok, false);
    assert.equal(holds({ pim_role_definition_scope: "/providers/Microsoft.Management/managementGroups/acme" })[2].ok, true);
  });

  test("the role assignments cannot be planned before the checks pass", () => {
    for (const name of ["rbac_administrator", "pim_requests"]) {
      assert.deepEqual(resources(config, "azurerm_role_assignment")[name].depends_on, ["${terraform_data.policy_checks}"], name);
    }
  });

  test("terraform console computes the same assignments, conditions and refusals from policy.tf (skipped without terraform)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the policy locals were evaluated by hcl-eval only");
      return;
    }
    const files = {
      "policy.tf": tfText(dir, "policy.tf"),
      "variables.tf": tfText(dir, "variables.tf"),
      "stub.tf": `locals {\n  pim_role_definition_scope = "${SUB1}"\n}\n`,
    };
    const expression = "{ rbac = local.rbac_assignments, conditions = local.rbac_conditions, pim = local.pim_assignments, forbidden = local.forbidden_grants, webhooks = local.webhook_secret_envs }";
    for (const policy of [POLICY, FORBIDDEN_POLICY]) {
      const vars = { policy_file: policy, location: "westeurope" };
      const got = terraformConsole(files, expression, vars);
      const scope = scopeWith(vars);
      const locals = scope.names.local;
      assert.deepEqual(
        { rbac: locals.rbac_assignments, conditions: locals.rbac_conditions, pim: locals.pim_assignments, forbidden: locals.forbidden_grants, webhooks: locals.webhook_secret_envs },
        got,
        path.basename(policy),
      );
    }
  });
});

// --- secrets ---------------------------------------------------------------------------------------------

describe("Key Vault and app settings", () => {
  const settings = (vars = {}) => fullScope(vars).names.local.app_settings;

  test("the vault uses RBAC, purge protection and soft delete", () => {
    const vault = resources(config, "azurerm_key_vault").jitgate;
    assert.equal(vault.rbac_authorization_enabled, true);
    assert.equal(vault.purge_protection_enabled, true);
    assert.equal(vault.soft_delete_retention_days, "${var.key_vault_soft_delete_retention_days}");
    assert.equal(config.variable.key_vault_soft_delete_retention_days.default, 90);
    assert.equal(vault.access_policy, undefined, "access policies bypass RBAC");
  });

  test("the signing keys are generated as {active, keys} JSON of 32 random bytes, the audit key as 32 random bytes", () => {
    assert.equal(resources(config, "random_bytes").signing_key.length, 32);
    assert.equal(resources(config, "random_bytes").audit_key.length, 32);
    const values = scopeWith().names.local.kv_secret_values;
    assert.deepEqual(JSON.parse(values["signing-keys"]), { active: "k1", keys: { k1: "${random_bytes.signing_key.base64}" } });
    assert.equal(String(values["audit-key"]), "${random_bytes.audit_key.base64}");
    assert.deepEqual(scopeWith().names.local.kv_secret_settings, {
      "audit-key": "JITGATE_AUDIT_KEY",
      "signing-keys": "JITGATE_SIGNING_KEYS",
      "webhook-audit-feed-secret": "AUDIT_FEED_SECRET",
    });
  });

  test("each secret is read by the identity only, on that secret only", () => {
    const readers = roleAssignments({ smtp_password: "pw", entra_client_secret: "cs" }).filter((r) => r.role === "Key Vault Secrets User");
    assert.deepEqual(
      sorted(readers.map((r) => r.scope)),
      sorted(["audit-key", "entra-client-secret", "signing-keys", "smtp-password", "webhook-audit-feed-secret"].map(SECRET_SCOPE)),
    );
    for (const r of readers) assert.equal(r.principal, IDENTITY);
    const readerResource = resources(config, "azurerm_role_assignment").secret_reader;
    assert.equal(readerResource.for_each, "${azurerm_key_vault_secret.jitgate}");
  });

  test("JITGATE_SIGNING_KEYS, JITGATE_AUDIT_KEY and the other secrets are Key Vault references, resolved with the identity", () => {
    const s = settings({ smtp_password: "pw", mail: "smtp", smtp_host: "smtp.example.com", mail_from: "j@example.com" });
    const ref = (key) => `@Microsoft.KeyVault(SecretUri=\${azurerm_key_vault_secret.jitgate[${JSON.stringify(key)}].versionless_id})`;
    assert.equal(s.JITGATE_SIGNING_KEYS, ref("signing-keys"));
    assert.equal(s.JITGATE_AUDIT_KEY, ref("audit-key"));
    assert.equal(s.JITGATE_SMTP_PASSWORD, ref("smtp-password"));
    assert.equal(s.AUDIT_FEED_SECRET, ref("webhook-audit-feed-secret"));
    const app = resources(config, "azurerm_linux_function_app").jitgate;
    assert.equal(app.key_vault_reference_identity_id, "${azurerm_user_assigned_identity.jitgate.id}");
    assert.deepEqual(first(app.identity), { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.jitgate.id}"] });
    for (const [key, value] of Object.entries(s)) {
      assert.ok(!String(value).includes("random_bytes"), `${key} carries a generated key in plain text`);
      assert.notEqual(value, "pw", `${key} is the SMTP password in plain text`);
      assert.notEqual(value, "s3cret-webhook", `${key} is the webhook secret in plain text`);
    }
    const validation = asList(config.variable.app_settings.validation)[0];
    for (const key of ["JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY", "JITGATE_SMTP_PASSWORD"]) {
      assert.equal(evaluateValue(validation.condition, scopeWith({ app_settings: { [key]: "x" } })), false, key);
    }
  });

  test("the app settings are exactly those of settings.md, by their exact names", () => {
    const s = settings();
    assert.deepEqual(sorted(Object.keys(s)), sorted([...SETTINGS_FROM_MODULE, "AUDIT_FEED_SECRET"]));
    assert.equal(s.FUNCTIONS_WORKER_RUNTIME, "java");
    assert.equal(String(s.AZURE_CLIENT_ID), "${azurerm_user_assigned_identity.jitgate.client_id}");
    assert.equal(String(s.JITGATE_AZURE_TENANT_ID), "${data.azurerm_client_config.current.tenant_id}");
    assert.equal(String(s.JITGATE_TABLE), "${azurerm_storage_table.requests.name}");
    assert.equal(localsOf(config).jitgate_settings.JITGATE_TABLES_ENDPOINT, '${trimsuffix(azurerm_storage_account.data.primary_table_endpoint, "/")}');
    assert.equal(s.JITGATE_AUTH, "oidc");
    assert.equal(s.JITGATE_OIDC_ISSUER, OIDC.oidc_issuer);
    assert.equal(s.JITGATE_MAIL, "none");
    assert.equal(config.variable.table_name.default, "jitgaterequests");
  });

  test("App Service authentication on: JITGATE_AUTH=app-service, Entra ID in auth_settings_v2, and no OIDC settings", () => {
    const s = settings({ app_service_auth: true, entra_client_id: "00000000-0000-0000-0000-000000000001" });
    assert.equal(s.JITGATE_AUTH, "app-service");
    for (const key of ["JITGATE_OIDC_ISSUER", "JITGATE_OIDC_AUDIENCE", "JITGATE_OIDC_JWKS_URI"]) assert.ok(!(key in s), key);
    const app = resources(config, "azurerm_linux_function_app").jitgate;
    const dynamic = first(app.dynamic.auth_settings_v2);
    assert.equal(dynamic.for_each, "${var.app_service_auth ? [1] : []}");
    const content = first(dynamic.content);
    assert.equal(content.auth_enabled, true);
    assert.equal(content.require_authentication, true);
    assert.equal(first(content.active_directory_v2).client_id, "${var.entra_client_id}");
    // Whichever mode, the required settings are there: a precondition on the app.
    const conditions = preconditionsOf(app).map((p) => p.condition);
    const auth = conditions.find((c) => c.includes("var.app_service_auth"));
    assert.equal(evaluateValue(auth, scopeWith({ oidc_issuer: null })), false);
    assert.equal(evaluateValue(auth, scopeWith({ app_service_auth: true })), false);
    assert.equal(evaluateValue(auth, scopeWith({ app_service_auth: true, entra_client_id: "x" })), true);
  });
});

// --- the shared store (issue 12) -------------------------------------------------------------------------

describe("the shared store: PostgreSQL, its password only as a Key Vault reference", () => {
  const PASSWORD = "pw-s3cret-0f-the-db";
  const SHARED = {
    shared_store: { jdbc_url: "jdbc:postgresql://db.example.com:5432/jitgate?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory", user: "jitgate" },
    shared_store_password: PASSWORD,
  };
  const settings = (vars) => fullScope(vars).names.local.app_settings;
  const JDBC_REF = '@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.jitgate["jdbc-password"].versionless_id})';

  test("with shared_store, the app runs on PostgreSQL with the given URL, user and deployment name", () => {
    const s = settings(SHARED);
    assert.equal(s.JITGATE_STORE, "postgresql");
    assert.equal(s.JITGATE_JDBC_URL, SHARED.shared_store.jdbc_url);
    assert.equal(s.JITGATE_JDBC_USER, "jitgate");
    assert.equal(s.JITGATE_DEPLOYMENT, "azure");
    assert.ok(!("JITGATE_POLICY_TAKEOVER" in s));
    const named = settings({ ...SHARED, shared_store: { ...SHARED.shared_store, deployment_name: "azure-we", policy_takeover: true } });
    assert.equal(named.JITGATE_DEPLOYMENT, "azure-we");
    assert.equal(named.JITGATE_POLICY_TAKEOVER, "true");
  });

  test("JITGATE_JDBC_PASSWORD is a Key Vault reference to the secret jdbc-password, whose first value is the password; no setting holds it", () => {
    const s = settings(SHARED);
    assert.equal(s.JITGATE_JDBC_PASSWORD, JDBC_REF);
    for (const [key, value] of Object.entries(s)) assert.ok(!String(value).includes(PASSWORD), `${key} holds the password`);
    const scope = scopeWith(SHARED);
    assert.equal(scope.names.local.kv_secret_settings["jdbc-password"], "JITGATE_JDBC_PASSWORD");
    assert.equal(scope.names.local.kv_secret_values["jdbc-password"], PASSWORD);
    assert.equal(config.variable.shared_store_password.sensitive, true);
  });

  test("only the identity may read the password's secret, on that secret only", () => {
    const readers = roleAssignments(SHARED).filter((r) => r.scope === SECRET_SCOPE("jdbc-password"));
    assert.deepEqual(readers.map((r) => [r.principal, r.role]), [[IDENTITY, "Key Vault Secrets User"]]);
  });

  test("the password is required with shared_store, checked before the secret is written", () => {
    const secret = resources(config, "azurerm_key_vault_secret").jitgate;
    const condition = preconditionsOf(secret).map((p) => p.condition).find((c) => c.includes("shared_store_password"));
    assert.ok(condition, "azurerm_key_vault_secret.jitgate has no precondition on shared_store_password");
    const holds = (vars, key) => {
      const instance = instancesOf(config, scopeWith(vars), "azurerm_key_vault_secret", "jitgate").find((i) => i.key === key);
      return evaluateValue(condition, instance.scope);
    };
    assert.equal(holds(SHARED, "jdbc-password"), true);
    assert.equal(holds({ ...SHARED, shared_store_password: null }, "jdbc-password"), false);
    assert.equal(holds({ ...SHARED, shared_store_password: "" }, "jdbc-password"), false);
    assert.equal(holds({ ...SHARED, shared_store_password: null }, "signing-keys"), true);
  });

  test("without shared_store nothing changes: no store setting and no password secret", () => {
    const s = settings({});
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_DEPLOYMENT"]) assert.ok(!(key in s), key);
    assert.ok(!("jdbc-password" in scopeWith().names.local.kv_secret_settings));
  });

  test("app_settings cannot set the store, or the password in plain text", () => {
    const validations = asList(config.variable.app_settings.validation);
    const holds = (app_settings) => validations.every((v) => evaluateValue(v.condition, scopeWith({ app_settings })));
    assert.equal(holds({ JITGATE_POLICY: "policy.yaml" }), true);
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"]) {
      assert.equal(holds({ [key]: "x" }), false, key);
    }
  });
});

// --- store, function, logs -------------------------------------------------------------------------------

describe("store, function app and logs", () => {
  test("the table lives in its own storage account, and the identity's storage role is scoped to that table", () => {
    const table = resources(config, "azurerm_storage_table").requests;
    assert.equal(table.name, "${var.table_name}");
    assert.equal(table.storage_account_id, "${azurerm_storage_account.data.id}");
    const row = roleAssignments().find((r) => r.role === "Storage Table Data Contributor");
    assert.equal(row.scope, "${azurerm_storage_table.requests.resource_manager_id}");
    const app = resources(config, "azurerm_linux_function_app").jitgate;
    assert.equal(app.storage_account_name, "${azurerm_storage_account.host.name}", "the runtime's key must be the host account's, not the table's");
    for (const r of roleAssignments()) assert.ok(!r.scope.includes("azurerm_storage_account.data"), `${r.address} is scoped to the whole data account`);
  });

  test("the function app runs Java 17 on Linux, https only, without basic-auth publishing", () => {
    const app = resources(config, "azurerm_linux_function_app").jitgate;
    assert.equal(first(first(app.site_config).application_stack).java_version, "17");
    assert.equal(app.https_only, true);
    assert.equal(app.ftp_publish_basic_authentication_enabled, false);
    assert.equal(app.webdeploy_publish_basic_authentication_enabled, false);
    assert.equal(resources(config, "azurerm_service_plan").jitgate.os_type, "Linux");
    assert.equal(app.app_settings, "${local.app_settings}");
  });

  test("with package_zip, the app runs from a private blob that only the identity reads", () => {
    const s = fullScope({ package_zip: POLICY }).names.local.app_settings;
    assert.equal(String(s.WEBSITE_RUN_FROM_PACKAGE), "${azurerm_storage_blob.package[0].url}");
    assert.equal(String(s.WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID), "${azurerm_user_assigned_identity.jitgate.id}");
    assert.match(s.JITGATE_PACKAGE_MD5, /^[0-9a-f]{32}$/);
    assert.equal(resources(config, "azurerm_storage_container").packages.container_access_type, "private");
    const reader = roleAssignments({ package_zip: POLICY }).find((r) => r.role === "Storage Blob Data Reader");
    assert.deepEqual([reader.principal, reader.scope], [IDENTITY, "${azurerm_storage_container.packages[0].id}"]);
  });

  test("Application Insights is workspace-based; the workspace keeps logs for log_retention_days (default 90)", () => {
    const workspace = resources(config, "azurerm_log_analytics_workspace").jitgate;
    assert.equal(workspace.retention_in_days, "${var.log_retention_days}");
    assert.equal(config.variable.log_retention_days.default, 90);
    assert.equal(resources(config, "azurerm_application_insights").jitgate.workspace_id, "${azurerm_log_analytics_workspace.jitgate.id}");
  });
});

// --- documentation -----------------------------------------------------------------------------------------

describe("documentation", () => {
  const readme = () => readFileSync(path.join(dir, "README.md"), "utf8");

  test("every variable has a type and a description, and README.md lists it", () => {
    const text = readme();
    for (const [name, variable] of Object.entries(config.variable)) {
      assert.ok(variable.type, `variable ${name} has no type`);
      assert.ok(typeof variable.description === "string" && variable.description.length > 10, `variable ${name} has no description`);
      assert.ok(text.includes(`| \`${name}\` |`), `README.md does not list variable ${name}`);
    }
  });

  test("every output has a description, and README.md lists it", () => {
    const text = readme();
    for (const [name, output] of Object.entries(config.output)) {
      assert.ok(typeof output.description === "string" && output.description.length > 10, `output ${name} has no description`);
      assert.ok(text.includes(`| \`${name}\` |`), `README.md does not list output ${name}`);
    }
  });

  test("README.md names every app setting the module sets", () => {
    const text = readme();
    for (const key of SETTINGS_FROM_MODULE) assert.ok(text.includes(`\`${key}\``), `README.md does not mention ${key}`);
  });

  test("the repository README's \"Deploy on Azure\" names every app setting the module sets, and names this README", () => {
    const text = readFileSync(path.join(dir, "..", "..", "README.md"), "utf8");
    const section = text.slice(text.indexOf("## Deploy on Azure"), text.indexOf("## Deploy on Google Cloud"));
    assert.ok(section.length > 100, "README.md has no Deploy on Azure section before Deploy on Google Cloud");
    for (const key of [...SETTINGS_FROM_MODULE, "JITGATE_TABLES_CONNECTION_STRING"]) assert.ok(section.includes(`\`${key}\``), key);
    assert.ok(section.includes("`terraform/azure/README.md`"));
  });

  test("the providers are pinned", () => {
    const providers = Object.assign({}, ...(config.terraform ?? []).flatMap((t) => asList(t.required_providers)));
    assert.equal(providers.azurerm?.source, "hashicorp/azurerm");
    assert.match(providers.azurerm?.version ?? "", /^~> \d+\.\d+$/);
    assert.equal(providers.random?.source, "hashicorp/random");
  });
});
