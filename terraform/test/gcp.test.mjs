// Offline checks of the terraform/gcp module: the HCL is parsed with @cdktf/hcl2json, and the
// expressions that turn the policy into IAM grants are evaluated (hcl-eval.mjs) against fixture
// policies, so every conditional binding, token-creator grant, invoker and secret accessor the
// module would make is checked. Where terraform is installed, `terraform console` evaluates the
// same policy locals from the module's own policy.tf and variables.tf, and must agree.
//
//   cd terraform/test && npm ci && node --test gcp.test.mjs

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
  moduleDirOf,
  moduleScope,
  preconditionsOf,
  resources,
  sorted,
  terraformConsole,
  terraformInstalled,
  tfText,
} from "./module.mjs";

const dir = moduleDirOf("gcp");
const POLICY = fixture("gcp-policy.yaml");
const FORBIDDEN_POLICY = fixture("gcp-forbidden-policy.yaml");
const API_SA = "${google_service_account.api.email}";
const SWEEP_SA = "${google_service_account.sweep.email}";
const SCHEDULER_SA = "${google_service_account.scheduler.email}";
const MEMBER = { api: `serviceAccount:${API_SA}`, sweep: `serviceAccount:${SWEEP_SA}` };

// What the fixture policy lets jitgate grant, written out by hand.
const GRANTABLE = {
  "projects/acme-prod": ["roles/bigquery.dataViewer", "roles/storage.admin"],
  "folders/123456789012": ["roles/compute.viewer"],
  "organizations/987654321098": ["roles/logging.viewer"],
};
const TOKEN_ACCOUNTS = ["backup@acme-ops.iam.gserviceaccount.com", "deployer@acme-prod.iam.gserviceaccount.com"];

// The settings the GCP composition root reads (shared/settings.md), and the common ones.
const ENVIRONMENT_OIDC = [
  "JITGATE_AUTH",
  "JITGATE_BASE_URL",
  "JITGATE_FIRESTORE_COLLECTION",
  "JITGATE_FIRESTORE_DATABASE",
  "JITGATE_GCP_PROJECT",
  "JITGATE_MAIL",
  "JITGATE_OIDC_AUDIENCE",
  "JITGATE_OIDC_ISSUER",
  "JITGATE_OIDC_JWKS_URI",
  "JITGATE_SWEEP_AUDIENCE",
  "JITGATE_SWEEP_INVOKER",
];

const OIDC = { oidc_issuer: "https://accounts.google.com", oidc_audience: "jitgate", oidc_jwks_uri: "https://www.googleapis.com/oauth2/v3/certs" };
const BASE_VARS = {
  policy_file: POLICY,
  project_id: "jitgate-prod",
  region: "europe-west1",
  source_bucket: "acme-builds",
  source_object: "jitgate-gcp-1234.zip",
  webhook_secrets: { AUDIT_FEED_SECRET: "s3cret-webhook" },
  ...OIDC,
};

let config;
before(async () => {
  config = await loadModule(dir);
});

const scopeWith = (vars = {}) => moduleScope(config, dir, { ...BASE_VARS, ...vars });

/** Every instance of every resource of a type, with chosen attributes evaluated. */
function rows(type, attributes, vars = {}) {
  const scope = scopeWith(vars);
  const out = [];
  for (const name of Object.keys(resources(config, type))) {
    for (const instance of instancesOf(config, scope, type, name)) {
      const row = { address: `${type}.${name}${instance.key === null ? "" : `[${JSON.stringify(instance.key)}]`}` };
      for (const a of attributes) {
        const resource = resources(config, type)[name];
        if (a === "condition") {
          const block = first(resource.condition) ?? first(first(resource.dynamic?.condition)?.content);
          row.condition = block ? String(evaluateValue(block.expression, instance.scope)) : undefined;
        } else if (a in resource) row[a] = String(attributeOf(config, instance.scope, type, name, a));
      }
      out.push(row);
    }
  }
  return out;
}

/** The role list of a modifiedGrantsByRole condition. */
function grantableRoles(expression) {
  const m = /^api\.getAttribute\('iam\.googleapis\.com\/modifiedGrantsByRole', \[\]\)\.hasOnly\(\[([^\]]*)\]\)$/.exec(expression);
  assert.ok(m, `not a modifiedGrantsByRole condition: ${expression}`);
  return sorted(m[1].split(",").map((r) => r.trim().replace(/^'|'$/g, "")));
}

// --- least privilege: granting -------------------------------------------------------------------------

describe("gcp.iam-binding: conditional bindings that limit the roles jitgate may grant", () => {
  const granters = (vars) => [
    ...rows("google_project_iam_member", ["project", "role", "member", "condition"], vars).filter((r) => r.address.includes(".granter[")),
    ...rows("google_folder_iam_member", ["folder", "role", "member", "condition"], vars),
    ...rows("google_organization_iam_member", ["org_id", "role", "member", "condition"], vars),
  ];

  test("both function accounts get, on each resource, an IAM-admin role conditioned on exactly the policy's roles there", () => {
    const found = granters();
    const expected = [];
    for (const [resource, roles] of Object.entries(GRANTABLE)) {
      for (const fn of ["api", "sweep"]) expected.push({ resource, member: MEMBER[fn], roles });
    }
    const resourceOf = (r) => (r.project ? `projects/${r.project}` : r.folder ?? `organizations/${r.org_id}`);
    assert.deepEqual(
      sorted(found.map((r) => JSON.stringify({ resource: resourceOf(r), member: r.member, roles: grantableRoles(r.condition) }))),
      sorted(expected.map((e) => JSON.stringify(e))),
    );
    const roleOf = Object.fromEntries(found.map((r) => [resourceOf(r), r.role]));
    assert.equal(roleOf["projects/acme-prod"], "roles/resourcemanager.projectIamAdmin");
    assert.equal(roleOf["folders/123456789012"], "roles/resourcemanager.folderIamAdmin");
    assert.equal(roleOf["organizations/987654321098"], '${google_organization_iam_custom_role.granter["987654321098"].name}');
  });

  test("no binding that can set an IAM policy is unconditioned, and no project-, folder- or org-wide token creator exists", () => {
    for (const vars of [{}, { policy_file: fixture("azure-policy.yaml") }]) {
      for (const r of [...granters(vars), ...rows("google_project_iam_member", ["role", "condition"], vars)]) {
        if (/IamAdmin|iam_granter|securityAdmin|organizationAdmin/.test(r.role)) assert.ok(r.condition, `${r.address} is unconditioned`);
        assert.notEqual(r.role, "roles/iam.serviceAccountTokenCreator", r.address);
        assert.ok(!["roles/owner", "roles/editor", "roles/iam.securityAdmin", "roles/resourcemanager.organizationAdmin"].includes(r.role), r.address);
      }
    }
  });

  test("the organization role holds exactly getIamPolicy and setIamPolicy, one per organization of the policy", () => {
    const custom = rows("google_organization_iam_custom_role", ["org_id", "permissions"]);
    assert.deepEqual(custom.map((r) => r.org_id), ["987654321098"]);
    assert.deepEqual(sorted(resources(config, "google_organization_iam_custom_role").granter.permissions), [
      "resourcemanager.organizations.getIamPolicy",
      "resourcemanager.organizations.setIamPolicy",
    ]);
  });

  test("a policy with no gcp.iam-binding makes no granter binding at all", () => {
    assert.deepEqual(granters({ policy_file: fixture("azure-rbac-only-policy.yaml") }).length, 0);
  });
});

describe("gcp.service-account-token: token creator on exactly the named service accounts", () => {
  test("the API's account, and only it, is token creator on each named account, and on no project", () => {
    const grants = rows("google_service_account_iam_member", ["service_account_id", "role", "member"]);
    assert.deepEqual(
      sorted(grants.map((g) => JSON.stringify([g.service_account_id, g.role, g.member]))),
      sorted(TOKEN_ACCOUNTS.map((sa) => JSON.stringify([`projects/-/serviceAccounts/${sa}`, "roles/iam.serviceAccountTokenCreator", MEMBER.api]))),
    );
  });
});

describe("the policy's forbidden roles and accounts", () => {
  const checks = (vars) => {
    const resource = resources(config, "terraform_data").policy_checks;
    const scope = scopeWith(vars);
    return preconditionsOf(resource).map((p) => ({ ok: evaluateValue(p.condition, scope), message: evaluateValue(p.error_message, scope) }));
  };

  test("the fixture policy passes every check", () => {
    assert.deepEqual(checks({}).map((c) => c.ok), [true, true, true, true]);
  });

  test("owner, resourcemanager.*Admin, token creator and securityAdmin fail the plan, naming each entitlement", () => {
    const [roles, resources_, tokens] = checks({ policy_file: FORBIDDEN_POLICY });
    assert.equal(roles.ok, false);
    for (const e of ["prod-owner (roles/owner)", "prod-iam-admin (roles/resourcemanager.projectIamAdmin)", "folder-token-creator (roles/iam.serviceAccountTokenCreator)", "org-security-admin (roles/iam.securityAdmin)"]) {
      assert.ok(roles.message.includes(e), `${e} not in: ${roles.message}`);
    }
    assert.ok(!roles.message.includes("prod-viewer"));
    assert.equal(resources_.ok, false);
    assert.match(resources_.message, /projects\/acme-prod\/buckets\/b/);
    assert.equal(tokens.ok, false, "a token for jitgate's own service account must be refused");
    assert.match(tokens.message, /jitgate-api@jitgate-prod/);
  });

  test("editor, serviceAccountUser and roles/resourcemanager.folderAdmin are refused too, and extra_forbidden_roles adds to the list", () => {
    const scope = scopeWith();
    const forbidden = (role) => {
      const list = evaluateValue("${local.forbidden_roles}", scope);
      return list.includes(role) || /^roles\/resourcemanager\.[A-Za-z]*Admin$/.test(role);
    };
    for (const role of ["roles/editor", "roles/iam.serviceAccountUser", "roles/resourcemanager.folderAdmin", "roles/iam.serviceAccountKeyAdmin"]) assert.ok(forbidden(role), role);
    assert.ok(!forbidden("roles/storage.admin"));
    const [extra] = checks({ extra_forbidden_roles: ["roles/logging.viewer"] });
    assert.equal(extra.ok, false);
    assert.match(extra.message, /org-logs-viewer/);
  });

  test("the example's policy passes every check; the repository's examples/policy.yaml is refused for roles/editor", () => {
    assert.deepEqual(checks({ policy_file: path.resolve(dir, "..", "examples", "gcp", "policy.yaml") }).map((c) => c.ok), [true, true, true, true]);
    const [roles] = checks({ policy_file: path.resolve(dir, "..", "..", "examples", "policy.yaml") });
    assert.equal(roles.ok, false);
    assert.match(roles.message, /gcp-sandbox-editor \(roles\/editor\)/);
  });

  test("a webhook secretEnv without a value in webhook_secrets fails the plan", () => {
    assert.equal(checks({ webhook_secrets: {} })[3].ok, false);
  });

  test("no grant can be planned before the checks pass", () => {
    for (const [type, name] of [["google_project_iam_member", "granter"], ["google_folder_iam_member", "granter"], ["google_organization_iam_member", "granter"], ["google_service_account_iam_member", "token_creator"]]) {
      assert.deepEqual(resources(config, type)[name].depends_on, ["${terraform_data.policy_checks}"], `${type}.${name}`);
    }
  });

  test("terraform console computes the same grants, conditions and refusals from policy.tf (skipped without terraform)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the policy locals were evaluated by hcl-eval only");
      return;
    }
    const files = { "policy.tf": tfText(dir, "policy.tf"), "variables.tf": tfText(dir, "variables.tf") };
    const expression = "{ grantable = local.grantable, conditions = local.grant_conditions, granters = local.granters, tokens = local.token_accounts, forbidden = local.forbidden_grants, malformed = local.malformed_resources, bad_tokens = local.bad_token_accounts, webhooks = local.webhook_secret_envs }";
    for (const policy of [POLICY, FORBIDDEN_POLICY]) {
      const vars = { ...BASE_VARS, policy_file: policy };
      delete vars.webhook_secrets;
      const got = terraformConsole(files, expression, vars);
      const l = scopeWith(vars).names.local;
      assert.deepEqual(
        { grantable: l.grantable, conditions: l.grant_conditions, granters: l.granters, tokens: l.token_accounts, forbidden: l.forbidden_grants, malformed: l.malformed_resources, bad_tokens: l.bad_token_accounts, webhooks: l.webhook_secret_envs },
        got,
        path.basename(policy),
      );
    }
  });
});

// --- invocation -----------------------------------------------------------------------------------------

describe("who may invoke the functions", () => {
  const invokers = (vars) => rows("google_cloud_run_v2_service_iam_member", ["name", "role", "member"], vars);

  test("the sweep is not public: its only invoker is the scheduler's service account", () => {
    for (const vars of [{}, { auth: "iap", iap_domain: "jitgate.example.com" }]) {
      const onSweep = invokers(vars).filter((r) => r.name.includes("google_cloudfunctions2_function.sweep"));
      assert.deepEqual(onSweep.map((r) => [r.role, r.member]), [["roles/run.invoker", `serviceAccount:${SCHEDULER_SA}`]]);
    }
    for (const type of ["google_cloudfunctions2_function_iam_member", "google_cloudfunctions2_function_iam_binding", "google_cloud_run_service_iam_member", "google_cloud_run_v2_service_iam_binding"]) {
      assert.deepEqual(Object.keys(resources(config, type)), [], `${type} is not expected`);
    }
  });

  test("the API is public with oidc, and only IAP's service agent invokes it with iap", () => {
    const onApi = (vars) => invokers(vars).filter((r) => r.name.includes("google_cloudfunctions2_function.api")).map((r) => r.member);
    assert.deepEqual(onApi({}), ["allUsers"]);
    assert.deepEqual(onApi({ auth: "iap", iap_domain: "jitgate.example.com" }), [
      "serviceAccount:service-${data.google_project.current.number}@gcp-sa-iap.iam.gserviceaccount.com",
    ]);
    const ingress = first(resources(config, "google_cloudfunctions2_function").api.service_config).ingress_settings;
    assert.equal(evaluateValue(ingress, scopeWith({ auth: "iap", iap_domain: "x.example.com" })), "ALLOW_INTERNAL_AND_GCLB");
    for (const r of invokers({})) if (r.member === "allUsers" || r.member === "allAuthenticatedUsers") assert.equal(r.address, "google_cloud_run_v2_service_iam_member.api_public[0]");
  });

  test("Cloud Scheduler calls the sweep every minute with an OIDC token whose audience is the sweep's URL, as the sweep expects", () => {
    const job = resources(config, "google_cloud_scheduler_job").sweep;
    assert.equal(job.schedule, "* * * * *");
    const target = first(job.http_target);
    const oidc = first(target.oidc_token);
    assert.equal(target.uri, "${google_cloudfunctions2_function.sweep.url}");
    assert.equal(oidc.audience, "${google_cloudfunctions2_function.sweep.url}");
    assert.equal(oidc.service_account_email, "${google_service_account.scheduler.email}");
    const environment = scopeWith().names.local.environment;
    assert.equal(environment.JITGATE_SWEEP_AUDIENCE, "https://europe-west1-jitgate-prod.cloudfunctions.net/jitgate-sweep");
    assert.equal(String(environment.JITGATE_SWEEP_INVOKER), SCHEDULER_SA);
    // The function cannot name its own url in its configuration; the postcondition proves the
    // computed URL is the real one.
    const sweep = resources(config, "google_cloudfunctions2_function").sweep;
    const post = asList(sweep.lifecycle).flatMap((l) => asList(l.postcondition)).map((p) => p.condition);
    assert.deepEqual(post, ["${self.url == local.sweep_url}"]);
  });
});

// --- secrets ---------------------------------------------------------------------------------------------

describe("Secret Manager", () => {
  const names = (vars) => instanceStandIns(config, scopeWith(vars), "google_secret_manager_secret", "jitgate");

  test("the two function accounts, and no one else, may access each secret, on that secret only", () => {
    const readers = rows("google_secret_manager_secret_iam_member", ["secret_id", "role", "member"], { smtp_password: "pw" });
    const secrets = ["audit-key", "signing-keys", "smtp-password", "webhook-audit-feed-secret"];
    const expected = secrets.flatMap((s) => ["api", "sweep"].map((fn) => [`\${google_secret_manager_secret.jitgate[${JSON.stringify(s)}].secret_id}`, "roles/secretmanager.secretAccessor", MEMBER[fn]]));
    assert.deepEqual(sorted(readers.map((r) => JSON.stringify([r.secret_id, r.role, r.member]))), sorted(expected.map((e) => JSON.stringify(e))));
    for (const type of ["google_secret_manager_secret_iam_binding", "google_secret_manager_secret_iam_policy"]) assert.deepEqual(Object.keys(resources(config, type)), [], type);
    for (const r of rows("google_project_iam_member", ["role"])) assert.ok(!r.role.startsWith("roles/secretmanager."), `${r.address}: project-wide ${r.role}`);
    assert.ok(names({}));
  });

  test("the keys are mounted as secret environment variables, never plain ones", () => {
    const scope = scopeWith({ smtp_password: "pw" });
    const secretEnv = scope.names.local.secret_environment;
    assert.deepEqual(secretEnv, { JITGATE_AUDIT_KEY: "audit-key", JITGATE_SIGNING_KEYS: "signing-keys", JITGATE_SMTP_PASSWORD: "smtp-password", AUDIT_FEED_SECRET: "webhook-audit-feed-secret" });
    for (const name of ["api", "sweep"]) {
      const config_ = first(resources(config, "google_cloudfunctions2_function")[name].service_config);
      const dynamic = first(config_.dynamic.secret_environment_variables);
      assert.equal(dynamic.for_each, "${local.secret_environment}");
      const content = first(dynamic.content);
      assert.equal(content.secret, "${google_secret_manager_secret.jitgate[secret_environment_variables.value].secret_id}");
      assert.equal(content.key, "${secret_environment_variables.key}");
      assert.equal(content.version, "latest");
      assert.equal(
        config_.environment_variables,
        name === "api"
          ? "${local.environment}"
          : "${merge(local.environment, { JITGATE_SWEEP_TIMEOUT = tostring(var.sweep_timeout) })}",
      );
    }
    const environment = scope.names.local.environment;
    for (const key of ["JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY", "JITGATE_SMTP_PASSWORD", "AUDIT_FEED_SECRET"]) assert.ok(!(key in environment), key);
    for (const [key, value] of Object.entries(environment)) {
      assert.ok(!String(value).includes("random_bytes") && value !== "pw" && value !== "s3cret-webhook", `${key} holds a secret`);
    }
    const validation = asList(config.variable.environment.validation)[0];
    assert.equal(evaluateValue(validation.condition, scopeWith({ environment: { JITGATE_SIGNING_KEYS: "x" } })), false);
  });

  test("the signing keys are generated as {active, keys} JSON of 32 random bytes, the audit key as 32 random bytes", () => {
    assert.equal(resources(config, "random_bytes").signing_key.length, 32);
    const values = scopeWith().names.local.secret_values;
    assert.deepEqual(JSON.parse(values["signing-keys"]), { active: "k1", keys: { k1: "${random_bytes.signing_key.base64}" } });
    assert.equal(String(values["audit-key"]), "${random_bytes.audit_key.base64}");
  });
});

// --- the shared store (issue 12) -------------------------------------------------------------------------

describe("the shared store: PostgreSQL, its password only as a secret environment variable", () => {
  const PASSWORD = "pw-s3cret-0f-the-db";
  const SHARED = {
    shared_store: { jdbc_url: "jdbc:postgresql://db.example.com:5432/jitgate?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory", user: "jitgate" },
    shared_store_password: PASSWORD,
  };

  test("with shared_store, both functions run on PostgreSQL with the given URL, user and deployment name", () => {
    const environment = scopeWith(SHARED).names.local.environment;
    assert.equal(environment.JITGATE_STORE, "postgresql");
    assert.equal(environment.JITGATE_JDBC_URL, SHARED.shared_store.jdbc_url);
    assert.equal(environment.JITGATE_JDBC_USER, "jitgate");
    assert.equal(environment.JITGATE_DEPLOYMENT, "gcp");
    assert.ok(!("JITGATE_POLICY_TAKEOVER" in environment));
    const named = scopeWith({ ...SHARED, shared_store: { ...SHARED.shared_store, deployment_name: "gcp-eu", policy_takeover: true } }).names.local.environment;
    assert.equal(named.JITGATE_DEPLOYMENT, "gcp-eu");
    assert.equal(named.JITGATE_POLICY_TAKEOVER, "true");
  });

  test("JITGATE_JDBC_PASSWORD is mounted from the secret NAME-jdbc-password, whose first version is the password; no plain variable holds it", () => {
    const scope = scopeWith(SHARED);
    assert.equal(scope.names.local.secret_environment.JITGATE_JDBC_PASSWORD, "jdbc-password");
    assert.equal(scope.names.local.secret_values["jdbc-password"], PASSWORD);
    const environment = scope.names.local.environment;
    assert.ok(!("JITGATE_JDBC_PASSWORD" in environment));
    for (const [key, value] of Object.entries(environment)) assert.ok(!String(value).includes(PASSWORD), `${key} holds the password`);
    const secret = instancesOf(config, scope, "google_secret_manager_secret", "jitgate").find((i) => i.key === "jdbc-password");
    assert.equal(attributeOf(config, secret.scope, "google_secret_manager_secret", "jitgate", "secret_id"), "jitgate-jdbc-password");
    assert.equal(config.variable.shared_store_password.sensitive, true);
  });

  test("only the two function accounts may access the password's secret", () => {
    const readers = rows("google_secret_manager_secret_iam_member", ["secret_id", "role", "member"], SHARED).filter((r) => r.secret_id.includes('"jdbc-password"'));
    assert.deepEqual(sorted(readers.map((r) => `${r.role} ${r.member}`)), sorted([MEMBER.api, MEMBER.sweep].map((m) => `roles/secretmanager.secretAccessor ${m}`)));
  });

  test("the password is required with shared_store, checked before the secret's version is written", () => {
    const version = resources(config, "google_secret_manager_secret_version").first;
    const condition = preconditionsOf(version).map((p) => p.condition).find((c) => c.includes("shared_store_password"));
    assert.ok(condition, "google_secret_manager_secret_version.first has no precondition on shared_store_password");
    const holds = (vars, key) => {
      const instance = instancesOf(config, scopeWith(vars), "google_secret_manager_secret_version", "first").find((i) => i.key === key);
      return evaluateValue(condition, instance.scope);
    };
    assert.equal(holds(SHARED, "jdbc-password"), true);
    assert.equal(holds({ ...SHARED, shared_store_password: null }, "jdbc-password"), false);
    assert.equal(holds({ ...SHARED, shared_store_password: null }, "audit-key"), true);
  });

  test("without shared_store nothing changes: no store setting and no password secret", () => {
    const scope = scopeWith();
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_DEPLOYMENT"]) assert.ok(!(key in scope.names.local.environment), key);
    assert.ok(!("JITGATE_JDBC_PASSWORD" in scope.names.local.secret_environment));
  });

  test("the extra environment cannot set the store, or the password in plain text", () => {
    const validations = asList(config.variable.environment.validation);
    const holds = (environment) => validations.every((v) => evaluateValue(v.condition, scopeWith({ environment })));
    assert.equal(holds({ JITGATE_POLICY: "policy.yaml" }), true);
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"]) {
      assert.equal(holds({ [key]: "x" }), false, key);
    }
  });
});

// --- store, functions -----------------------------------------------------------------------------------

describe("Firestore", () => {
  test("a native-mode database with point-in-time recovery and delete protection", () => {
    const db = resources(config, "google_firestore_database").jitgate;
    assert.equal(db.type, "FIRESTORE_NATIVE");
    assert.equal(db.point_in_time_recovery_enablement, "POINT_IN_TIME_RECOVERY_ENABLED");
    assert.equal(evaluateValue(db.delete_protection_state, scopeWith()), "DELETE_PROTECTION_ENABLED");
  });

  test("the indexes are read from the module's firestore-indexes.json, one resource per index", () => {
    const file = JSON.parse(readFileSync(path.join(dir, "firestore-indexes.json"), "utf8"));
    assert.ok(Array.isArray(file.indexes) && file.indexes.length > 0, "firestore-indexes.json has no indexes");
    const scope = scopeWith();
    assert.equal(scope.names.local.firestore_indexes_file, `${dir}/firestore-indexes.json`);
    const instances = instancesOf(config, scope, "google_firestore_index", "jitgate");
    assert.deepEqual(sorted(instances.map((i) => JSON.stringify(i.scope.names.each.value))), sorted(file.indexes.map((i) => JSON.stringify(i))));
    for (const i of instances) assert.equal(attributeOf(config, i.scope, "google_firestore_index", "jitgate", "collection"), i.scope.names.each.value.collection);
  });

  test("another indexes file gives its indexes, fields in order, with order or array_config", () => {
    const scope = scopeWith({ firestore_indexes_file: fixture("gcp-indexes.json") });
    const instances = instancesOf(config, scope, "google_firestore_index", "jitgate");
    assert.deepEqual(sorted(instances.map((i) => i.key)), [
      "jitgate-requests:grantKeys:CONTAINS,state:ASCENDING",
      "jitgate-requests:requester:ASCENDING,createdAt:DESCENDING",
      "jitgate-requests:state:ASCENDING,dueAt:ASCENDING",
    ]);
    const fields = first(resources(config, "google_firestore_index").jitgate.dynamic.fields);
    assert.equal(fields.for_each, "${each.value.fields}");
    assert.deepEqual(first(fields.content), {
      field_path: "${fields.value.field_path}",
      order: "${try(fields.value.order, null)}",
      array_config: "${try(fields.value.array_config, null)}",
    });
  });

  test("the functions' accounts get roles/datastore.user on the project (Firestore IAM has no per-collection grants), limited to jitgate's database", () => {
    const users = rows("google_project_iam_member", ["project", "role", "member", "condition"]).filter((r) => r.role === "roles/datastore.user");
    assert.deepEqual(sorted(users.map((u) => u.member)), sorted([MEMBER.api, MEMBER.sweep]));
    for (const u of users) {
      assert.equal(u.project, "jitgate-prod");
      assert.equal(u.condition, 'resource.name == "projects/jitgate-prod/databases/(default)"');
    }
  });
});

describe("the functions", () => {
  const fn = (name) => resources(config, "google_cloudfunctions2_function")[name];

  test("two Java 17 functions from the same GCS zip, with their entry points and their own service accounts", () => {
    assert.equal(config.variable.runtime.default, "java17");
    const expected = { api: "dev.jitgate.gcp.handler.ApiFunction", sweep: "dev.jitgate.gcp.handler.SweepFunction" };
    for (const [name, entry] of Object.entries(expected)) {
      const build = first(fn(name).build_config);
      assert.equal(build.runtime, "${var.runtime}");
      assert.equal(build.entry_point, entry);
      assert.deepEqual(first(first(build.source).storage_source), { bucket: "${var.source_bucket}", object: "${var.source_object}" });
      assert.equal(first(fn(name).service_config).service_account_email, `\${google_service_account.${name}.email}`);
    }
  });

  test("the environment is exactly the settings of settings.md, by their exact names", () => {
    const oidc = scopeWith().names.local.environment;
    assert.deepEqual(sorted(Object.keys(oidc)), sorted(ENVIRONMENT_OIDC));
    assert.equal(oidc.JITGATE_AUTH, "oidc");
    assert.equal(oidc.JITGATE_GCP_PROJECT, "jitgate-prod");
    assert.equal(oidc.JITGATE_FIRESTORE_DATABASE, "(default)");
    assert.equal(oidc.JITGATE_FIRESTORE_COLLECTION, "jitgate-requests");
    assert.equal(oidc.JITGATE_BASE_URL, "https://europe-west1-jitgate-prod.cloudfunctions.net/jitgate-api");
    const iap = moduleScope(config, dir, { ...BASE_VARS, auth: "iap", iap_domain: "jitgate.example.com" }, {
      google_compute_backend_service: { api: [{ generated_id: "4711" }] },
      data: { google_project: { current: { number: "123456" } } },
    }).names.local.environment;
    assert.deepEqual(sorted(Object.keys(iap)), sorted([...ENVIRONMENT_OIDC.filter((k) => !k.startsWith("JITGATE_OIDC_")), "JITGATE_IAP_AUDIENCE"]));
    assert.equal(iap.JITGATE_AUTH, "iap");
    assert.equal(iap.JITGATE_IAP_AUDIENCE, "/projects/123456/global/backendServices/4711");
    assert.equal(iap.JITGATE_BASE_URL, "https://jitgate.example.com");
  });

  test("the required sign-in settings of each mode are enforced by a precondition", () => {
    const condition = preconditionsOf(fn("api")).map((p) => p.condition).find((c) => c.includes("local.iap"));
    assert.equal(evaluateValue(condition, scopeWith()), true);
    assert.equal(evaluateValue(condition, scopeWith({ oidc_jwks_uri: null })), false);
    assert.equal(evaluateValue(condition, scopeWith({ auth: "iap" })), false);
    assert.equal(evaluateValue(condition, scopeWith({ auth: "iap", iap_domain: "x.example.com" })), true);
  });
});

// --- documentation ---------------------------------------------------------------------------------------

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

  test("README.md names every setting and every refused role", () => {
    const text = readme();
    for (const key of [...ENVIRONMENT_OIDC, "JITGATE_IAP_AUDIENCE", "JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY"]) assert.ok(text.includes(`\`${key}\``), key);
    for (const role of evaluateValue("${local.never_grantable_roles}", scopeWith())) assert.ok(text.includes(`\`${role}\``), `README.md does not list ${role}`);
  });

  test("the repository README's \"Deploy on Google Cloud\" names every setting the module sets, and names this README", () => {
    const text = readFileSync(path.join(dir, "..", "..", "README.md"), "utf8");
    const section = text.slice(text.indexOf("## Deploy on Google Cloud"), text.indexOf("## Layout"));
    assert.ok(section.length > 100, "README.md has no Deploy on Google Cloud section before Layout");
    for (const key of [...ENVIRONMENT_OIDC, "JITGATE_IAP_AUDIENCE", "JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY"]) assert.ok(section.includes(`\`${key}\``), key);
    assert.ok(section.includes("`terraform/gcp/README.md`"));
  });

  test("the providers are pinned", () => {
    const providers = Object.assign({}, ...(config.terraform ?? []).flatMap((t) => asList(t.required_providers)));
    assert.equal(providers.google?.source, "hashicorp/google");
    assert.match(providers.google?.version ?? "", /^~> \d+\.\d+$/);
    assert.equal(providers.random?.source, "hashicorp/random");
  });
});
