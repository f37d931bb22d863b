// Offline proofs of issue 8's High findings on the terraform/aws module (parsed with
// @cdktf/hcl2json, like iam-policy.test.mjs):
//
//   1. the API function verifies every bearer token itself: its OIDC settings always come from
//      required variables, and JITGATE_AUTH is never a mode that trusts an event's claims;
//   2. the signing keys are in no function's configuration in plain text: the functions get a
//      KMS ciphertext, and the key's policy lets only the two function roles decrypt it;
//   3. no jitgate role can grant itself more than the assumable roles' permissions boundary allows.
//
// And, with a shared store (issue 12), that the database password reaches the functions the same
// way as the keys: only as a ciphertext that only the function roles may decrypt.
//
// The key policy is checked by evaluating it the way KMS does (an explicit Deny wins, then an
// Allow, otherwise nothing) for the principals that matter, with a deliberately small evaluator
// that refuses any condition it does not understand.

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluateValue } from "./hcl-eval.mjs";
import {
  asList,
  deepReferences,
  first,
  instancesOf,
  loadModule,
  localsOf,
  moduleDir,
  moduleScope,
  normalizeDocumentStatement,
  permissionStatements,
  policyAttachments,
  attachmentStatements,
  resources,
  sorted,
} from "./module.mjs";

let config;
before(async () => {
  config = await loadModule(moduleDir);
});

const environmentOf = () => localsOf(config).jitgate_environment;
const apiFunction = () => resources(config, "aws_lambda_function").api;
const preconditions = (resource) => asList(resource.lifecycle).flatMap((l) => asList(l.precondition));

// --- 1. the function verifies the bearer token ------------------------------------------------------

/** Modes of JITGATE_AUTH in which aws-function verifies the bearer token (AwsWiring, AuthSetting). */
const VERIFYING_AUTH_MODES = ["apigateway-jwt", "oidc"];

describe("item 1: the API function verifies every bearer token itself", () => {
  test("the OIDC issuer, audience and JWKS URI come from required, non-null variables", () => {
    const environment = environmentOf();
    const expected = {
      JITGATE_OIDC_ISSUER: "oidc_issuer",
      JITGATE_OIDC_AUDIENCE: "oidc_audience",
      JITGATE_OIDC_JWKS_URI: "oidc_jwks_uri",
    };
    for (const [key, name] of Object.entries(expected)) {
      assert.equal(environment[key], `\${var.${name}}`, `${key} must be var.${name}`);
      const variable = config.variable[name];
      assert.ok(variable, `var.${name} does not exist`);
      assert.ok(!("default" in variable), `var.${name} must be required (no default)`);
      assert.equal(variable.nullable, false, `var.${name} must not accept null (the environment drops null values)`);
      assert.ok(asList(variable.validation).length > 0, `var.${name} must be validated`);
    }
    // Both functions run with local.environment, in which the module's own settings win.
    for (const [name, fn] of Object.entries(resources(config, "aws_lambda_function"))) {
      assert.equal(first(fn.environment)?.variables, "${local.environment}", name);
    }
    assert.match(JSON.stringify(localsOf(config).environment), /merge\(var\.environment, local\.jitgate_environment\)/);
  });

  test("JITGATE_AUTH is oidc or apigateway-jwt (both verify the token), never a mode a variable picks", () => {
    const auth = environmentOf().JITGATE_AUTH;
    const modes = [...String(auth).matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    assert.ok(modes.length > 0, `JITGATE_AUTH is not a literal choice: ${auth}`);
    for (const mode of modes) assert.ok(VERIFYING_AUTH_MODES.includes(mode), `JITGATE_AUTH may be ${mode}`);
    const refs = [...deepReferences(config, auth)];
    assert.deepEqual(refs.filter((r) => r.startsWith("var.") && r !== "var.front_door"), [], "a variable other than front_door chooses JITGATE_AUTH");
    // And no extra environment variable may replace it or the OIDC settings.
    const keys = Object.keys(environmentOf());
    for (const key of ["JITGATE_AUTH", "JITGATE_OIDC_ISSUER", "JITGATE_OIDC_AUDIENCE", "JITGATE_OIDC_JWKS_URI"]) {
      assert.ok(keys.includes(key), key);
    }
  });
});

// --- 2. the signing keys ------------------------------------------------------------------------

const SIGNING_CONTEXT_KEY = "jitgate:setting";
const SIGNING_CONTEXT_VALUE = "JITGATE_SIGNING_KEYS";
const API_ROLE = "${aws_iam_role.api.arn}";
const SWEEP_ROLE = "${aws_iam_role.sweep.arn}";
const ACCOUNT_ROOT = "arn:${local.partition}:iam::${local.account_id}:root";
// Principals of the same account that are not jitgate: a read-only auditor, a PowerUser CI role,
// and an administrator. Their IAM policies are assumed to allow every kms action, the worst case:
// only the key policy stands between them and the keys.
const OTHERS = [
  "arn:aws:iam::123456789012:role/ReadOnly",
  "arn:aws:iam::123456789012:role/ViewOnly",
  "arn:aws:iam::123456789012:role/ci-power-user",
  "arn:aws:iam::123456789012:role/Admin",
];
// What gets at the plaintext of a ciphertext: Decrypt, and ReEncrypt, which decrypts inside KMS and
// re-encrypts under a key the caller may control.
const READS_PLAINTEXT = ["kms:Decrypt", "kms:ReEncryptFrom"];

/**
 * The key policy's statements, their condition values evaluated with these variables (the
 * encryption contexts the functions may use depend on var.shared_store).
 */
function keyPolicyStatements(vars = {}) {
  const keys = resources(config, "aws_kms_key");
  assert.ok(keys.signing_keys, "aws_kms_key.signing_keys does not exist");
  const attachment = policyAttachments(config).find((a) => a.type === "aws_kms_key" && a.name === "signing_keys");
  assert.ok(attachment, "aws_kms_key.signing_keys has no policy of its own");
  const scope = moduleScope(config, moduleDir, vars);
  return attachmentStatements(config, attachment).map((statement) => ({
    ...statement,
    conditions: statement.conditions.map((c) => ({
      ...c,
      values: asList(c.values).flatMap((v) => asList(evaluateValue(v, scope))).map(String),
    })),
  }));
}

/** Whether one condition holds for a request; throws on a condition this evaluator cannot read. */
function conditionHolds(condition, request) {
  const values = asList(condition.values);
  let actual;
  if (condition.variable === "aws:PrincipalArn") actual = request.principal;
  else if (condition.variable.startsWith("kms:EncryptionContext:")) {
    actual = request.context?.[condition.variable.slice("kms:EncryptionContext:".length)];
  } else assert.fail(`the key policy uses condition key ${condition.variable}, which this test cannot evaluate`);
  switch (condition.test) {
    case "ArnEquals":
    case "StringEquals":
      return actual !== undefined && values.includes(actual);
    case "ArnNotEquals":
    case "StringNotEquals":
      // IAM: a negated operator matches when the key is absent.
      return actual === undefined || !values.includes(actual);
    default:
      assert.fail(`the key policy uses condition operator ${condition.test}, which this test cannot evaluate`);
  }
}

/**
 * Whether a statement's principal covers the request: "*" covers everyone, the account root covers
 * every principal of the account whose IAM policies allow it (assumed, the worst case), and a role
 * ARN covers that role.
 */
function principalCovers(statement, principal) {
  assert.equal(statement.notPrincipals.length, 0, `${statement.sid}: NotPrincipal is not used in a key policy here`);
  const identifiers = statement.principals.flatMap((p) => {
    assert.equal(p.type, "AWS", `${statement.sid}: principal type ${p.type}`);
    return asList(p.identifiers);
  });
  return identifiers.some((id) => id === "*" || id === principal || (id === ACCOUNT_ROOT && principal !== "*"));
}

function actionCovers(statement, action) {
  assert.equal(statement.notActions, undefined, `${statement.sid}: NotAction is not used in a key policy here`);
  return asList(statement.actions).some((a) => a === action || a === "*" || a === "kms:*" || (a.endsWith("*") && action.startsWith(a.slice(0, -1))));
}

/** KMS's answer to one request under the key policy alone: "deny", "allow" or "none". */
function decide(statements, request) {
  const matching = statements.filter(
    (s) => principalCovers(s, request.principal) && actionCovers(s, request.action) && s.conditions.every((c) => conditionHolds(c, request)),
  );
  if (matching.some((s) => s.effect === "Deny")) return "deny";
  if (matching.some((s) => s.effect === "Allow")) return "allow";
  return "none";
}

const rightContext = { [SIGNING_CONTEXT_KEY]: SIGNING_CONTEXT_VALUE };

describe("item 2: the signing keys are in no function configuration in plain text", () => {
  test("no environment variable of either function holds or derives from the plaintext keys", () => {
    const environment = environmentOf();
    assert.ok(!("JITGATE_SIGNING_KEYS" in environment), "JITGATE_SIGNING_KEYS (plain keys) is set");
    assert.ok(!("JITGATE_AUDIT_KEY" in environment), "JITGATE_AUDIT_KEY (plain key) is set");
    const plaintextSources = [
      "data.aws_secretsmanager_secret_version.signing_keys.secret_string",
      "random_bytes.first_signing_key.base64",
      "data.aws_secretsmanager_secret_version.audit_key.secret_string",
      "random_bytes.audit_key.base64",
    ];
    for (const [key, value] of Object.entries(environment)) {
      const refs = deepReferences(config, value);
      for (const source of plaintextSources) assert.ok(!refs.has(source), `${key} carries ${source}`);
    }
    assert.equal(environment.JITGATE_SIGNING_KEYS_KMS, "${aws_kms_ciphertext.signing_keys.ciphertext_blob}");
    assert.equal(environment.JITGATE_SIGNING_KEYS_KMS_KEY, "${aws_kms_key.signing_keys.arn}");
    assert.equal(environment.JITGATE_AUDIT_KEY_KMS, "${aws_kms_ciphertext.audit_key.ciphertext_blob}");
    assert.equal(environment.JITGATE_AUDIT_KEY_KMS_KEY, "${aws_kms_key.signing_keys.arn}");
    // Nor can the extra environment variables bring the plain keys back.
    const validations = asList(config.variable.environment.validation).map((v) => v.condition).join("\n");
    assert.match(validations, /JITGATE_SIGNING_KEYS/, "var.environment must refuse JITGATE_SIGNING_KEYS");
    assert.match(validations, /JITGATE_AUDIT_KEY/, "var.environment must refuse JITGATE_AUDIT_KEY");
  });

  test("the ciphertext is of the secret's keys, under the signing key, bound to the encryption context", () => {
    const ciphertext = resources(config, "aws_kms_ciphertext").signing_keys;
    assert.ok(ciphertext, "aws_kms_ciphertext.signing_keys does not exist");
    assert.equal(ciphertext.key_id, "${aws_kms_key.signing_keys.arn}");
    assert.equal(ciphertext.plaintext, "${data.aws_secretsmanager_secret_version.signing_keys.secret_string}");
    assert.deepEqual(ciphertext.context, rightContext);
    const key = resources(config, "aws_kms_key").signing_keys;
    assert.equal(key.enable_key_rotation, true);
    assert.equal(key.key_usage ?? "ENCRYPT_DECRYPT", "ENCRYPT_DECRYPT");
  });

  test("the key policy lets the two function roles decrypt, with the encryption context only", () => {
    const statements = keyPolicyStatements();
    for (const principal of [API_ROLE, SWEEP_ROLE]) {
      assert.equal(decide(statements, { principal, action: "kms:Decrypt", context: rightContext }), "allow", principal);
      const auditContext = { [SIGNING_CONTEXT_KEY]: "JITGATE_AUDIT_KEY" };
      assert.equal(decide(statements, { principal, action: "kms:Decrypt", context: auditContext }), "allow", `${principal} audit key`);
      for (const context of [undefined, { [SIGNING_CONTEXT_KEY]: "JITGATE_WEBHOOK" }, { other: SIGNING_CONTEXT_VALUE }]) {
        assert.notEqual(decide(statements, { principal, action: "kms:Decrypt", context }), "allow", `${principal} with ${JSON.stringify(context)}`);
      }
      assert.notEqual(decide(statements, { principal, action: "kms:ReEncryptFrom", context: rightContext }), "allow", principal);
    }
  });

  test("the key policy denies decryption to every other principal, read-only ones included, whatever their IAM policies say", () => {
    const statements = keyPolicyStatements();
    for (const principal of [...OTHERS, ACCOUNT_ROOT]) {
      for (const action of READS_PLAINTEXT) {
        for (const context of [rightContext, undefined]) {
          assert.equal(decide(statements, { principal, action, context }), "deny", `${principal} ${action}`);
        }
      }
      // A grant cannot give it back either: CreateGrant is not delegated, and an explicit Deny in the
      // key policy wins over any grant.
      assert.notEqual(decide(statements, { principal, action: "kms:CreateGrant", context: rightContext }), "allow", principal);
    }
  });

  test("no Allow in the key policy uses a wildcard action, and the account can still administer the key", () => {
    const statements = keyPolicyStatements();
    for (const statement of statements.filter((s) => s.effect === "Allow")) {
      for (const action of asList(statement.actions)) {
        assert.match(action, /^kms:[A-Za-z]+$/, `${statement.sid}: ${action}`);
      }
    }
    // Without PutKeyPolicy for the account, nobody could ever change the policy again.
    assert.equal(decide(statements, { principal: OTHERS[3], action: "kms:PutKeyPolicy" }), "allow");
    assert.equal(decide(statements, { principal: OTHERS[3], action: "kms:Encrypt", context: rightContext }), "allow");
  });

  test("the functions' IAM policies need no kms statement (the key policy names the roles)", () => {
    const kms = permissionStatements(config).filter((s) => asList(s.actions).some((a) => a.startsWith("kms:")));
    assert.deepEqual(kms.map((s) => s.sid), []);
  });
});

// --- the shared store's password (issue 12) ------------------------------------------------------

const PASSWORD = "pw-s3cret-0f-the-db";
const SHARED = {
  shared_store: { jdbc_url: "jdbc:postgresql://db.example.com:5432/jitgate?sslmode=verify-full&sslrootcert=/var/task/db-ca.pem", user: "jitgate" },
  shared_store_password: PASSWORD,
};
const PASSWORD_CONTEXT = { [SIGNING_CONTEXT_KEY]: "JITGATE_JDBC_PASSWORD" };
const environmentWith = (vars) => moduleScope(config, moduleDir, vars).names.local.environment;
const count = (type, name, vars) => instancesOf(config, moduleScope(config, moduleDir, vars), type, name).length;

describe("the shared store: the database password reaches the functions only encrypted", () => {
  test("with shared_store, the functions run on PostgreSQL with the given URL, user and deployment name", () => {
    const environment = environmentWith(SHARED);
    assert.equal(environment.JITGATE_STORE, "postgresql");
    assert.equal(environment.JITGATE_JDBC_URL, SHARED.shared_store.jdbc_url);
    assert.equal(environment.JITGATE_JDBC_USER, "jitgate");
    assert.equal(environment.JITGATE_DEPLOYMENT, "aws");
    assert.ok(!("JITGATE_POLICY_TAKEOVER" in environment));
    const named = environmentWith({ ...SHARED, shared_store: { ...SHARED.shared_store, deployment_name: "aws-eu", policy_takeover: true } });
    assert.equal(named.JITGATE_DEPLOYMENT, "aws-eu");
    assert.equal(named.JITGATE_POLICY_TAKEOVER, "true");
  });

  test("the password is only the KMS ciphertext JITGATE_JDBC_PASSWORD_KMS, under the module's key; never plain", () => {
    const environment = environmentWith(SHARED);
    assert.ok(!("JITGATE_JDBC_PASSWORD" in environment), "JITGATE_JDBC_PASSWORD (plain) is set");
    assert.equal(String(environment.JITGATE_JDBC_PASSWORD_KMS), "${aws_kms_ciphertext.jdbc_password[0].ciphertext_blob}");
    assert.equal(String(environment.JITGATE_JDBC_PASSWORD_KMS_KEY), "${aws_kms_key.signing_keys.arn}");
    for (const [key, value] of Object.entries(environment)) {
      assert.ok(!String(value).includes(PASSWORD), `${key} holds the password`);
      assert.ok(!/secret_string|shared_store_password/.test(String(value)), `${key} derives from the plain password: ${value}`);
    }
    for (const [key, value] of Object.entries(environmentOf())) {
      const refs = deepReferences(config, value);
      for (const source of ["var.shared_store_password", "data.aws_secretsmanager_secret_version.jdbc_password"]) assert.ok(![...refs].some((r) => r.startsWith(source)), `${key} carries ${source}`);
    }
  });

  test("the ciphertext is of the Secrets Manager secret's value, under the signing key, with the context JITGATE_JDBC_PASSWORD", () => {
    const ciphertext = resources(config, "aws_kms_ciphertext").jdbc_password;
    assert.ok(ciphertext, "aws_kms_ciphertext.jdbc_password does not exist");
    assert.equal(ciphertext.key_id, "${aws_kms_key.signing_keys.arn}");
    assert.equal(ciphertext.plaintext, "${data.aws_secretsmanager_secret_version.jdbc_password[0].secret_string}");
    assert.deepEqual(ciphertext.context, PASSWORD_CONTEXT);
    assert.equal(resources(config, "aws_secretsmanager_secret_version").first_jdbc_password.secret_string, "${var.shared_store_password}");
    assert.equal(config.data.aws_secretsmanager_secret_version.jdbc_password.secret_id, "${aws_secretsmanager_secret.jdbc_password[0].id}");
    assert.equal(config.variable.shared_store_password.sensitive, true);
    // The functions' roles get no secretsmanager permission for it: they decrypt the ciphertext.
    const secretsmanager = permissionStatements(config).filter((s) => asList(s.actions).some((a) => a.startsWith("secretsmanager:")));
    assert.deepEqual(secretsmanager.map((s) => s.sid), []);
  });

  test("the secret, its first version, the ciphertext exist with shared_store only, and the password is required then", () => {
    for (const [type, name] of [
      ["aws_secretsmanager_secret", "jdbc_password"],
      ["aws_secretsmanager_secret_version", "first_jdbc_password"],
      ["aws_kms_ciphertext", "jdbc_password"],
    ]) {
      assert.equal(count(type, name, SHARED), 1, `${type}.${name} with shared_store`);
      assert.equal(count(type, name, {}), 0, `${type}.${name} without`);
    }
    const version = resources(config, "aws_secretsmanager_secret_version").first_jdbc_password;
    const [required] = preconditions(version);
    assert.equal(evaluateValue(required.condition, moduleScope(config, moduleDir, SHARED)), true);
    for (const missing of [null, ""]) {
      assert.equal(evaluateValue(required.condition, moduleScope(config, moduleDir, { ...SHARED, shared_store_password: missing })), false, JSON.stringify(missing));
    }
  });

  test("without shared_store nothing changes: no store setting, no password, and the key policy allows no password context", () => {
    const environment = environmentWith({});
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_JDBC_PASSWORD_KMS", "JITGATE_JDBC_PASSWORD_KMS_KEY", "JITGATE_DEPLOYMENT"]) {
      assert.ok(!(key in environment), key);
    }
    for (const principal of [API_ROLE, SWEEP_ROLE]) {
      assert.notEqual(decide(keyPolicyStatements(), { principal, action: "kms:Decrypt", context: PASSWORD_CONTEXT }), "allow", principal);
    }
  });

  test("with shared_store the function roles, and no one else, may decrypt with the password's context", () => {
    const statements = keyPolicyStatements(SHARED);
    for (const principal of [API_ROLE, SWEEP_ROLE]) {
      assert.equal(decide(statements, { principal, action: "kms:Decrypt", context: PASSWORD_CONTEXT }), "allow", principal);
      assert.equal(decide(statements, { principal, action: "kms:Decrypt", context: rightContext }), "allow", principal);
      assert.notEqual(decide(statements, { principal, action: "kms:Decrypt", context: { [SIGNING_CONTEXT_KEY]: "JITGATE_SMTP_PASSWORD" } }), "allow", principal);
    }
    for (const principal of [...OTHERS, ACCOUNT_ROOT]) {
      for (const action of READS_PLAINTEXT) assert.equal(decide(statements, { principal, action, context: PASSWORD_CONTEXT }), "deny", `${principal} ${action}`);
    }
  });

  test("the extra environment variables cannot set the store, or bring the password back in plain text", () => {
    const validations = asList(config.variable.environment.validation);
    const holds = (environment) => validations.every((v) => evaluateValue(v.condition, moduleScope(config, moduleDir, { environment })));
    assert.equal(holds({ JITGATE_POLICY: "policy.yaml" }), true);
    for (const key of ["JITGATE_STORE", "JITGATE_JDBC_URL", "JITGATE_JDBC_USER", "JITGATE_JDBC_PASSWORD", "JITGATE_JDBC_PASSWORD_KMS", "JITGATE_DEPLOYMENT", "JITGATE_POLICY_TAKEOVER"]) {
      assert.equal(holds({ [key]: "x" }), false, key);
    }
  });
});

// --- 3. no escalation through the assumable roles -------------------------------------------------

const BOUNDARY = "${var.role_permissions_boundary_arn}";
// The iam actions a jitgate role may hold at all: the boundary check and the early-revoke policy.
const IAM_READS = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies"];
const IAM_WRITES = ["iam:DeleteRolePolicy", "iam:PutRolePolicy"];
// Each of these changes what a role may do without a new inline policy: never allowed.
const IAM_FORBIDDEN = [
  "iam:AttachRolePolicy",
  "iam:CreatePolicy",
  "iam:CreatePolicyVersion",
  "iam:CreateRole",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DetachRolePolicy",
  "iam:PassRole",
  "iam:PutRolePermissionsBoundary",
  "iam:PutUserPermissionsBoundary",
  "iam:PutUserPolicy",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
];

const iamStatements = () => permissionStatements(config).filter((s) => asList(s.actions).some((a) => a.startsWith("iam:")));

describe("item 3: no jitgate role can grant itself more than the boundary allows", () => {
  test("every iam:Put*/Delete*Policy statement requires the configured permissions boundary on the role", () => {
    const writes = iamStatements().filter((s) => asList(s.actions).some((a) => /^iam:(Put|Delete)[A-Za-z]*Policy$/.test(a)));
    assert.ok(writes.length > 0, "no early-revoke statement found");
    for (const statement of writes) {
      assert.equal(statement.effect, "Allow");
      assert.deepEqual(
        statement.conditions.map((c) => [c.test, c.variable, asList(c.values)]),
        [["StringEquals", "iam:PermissionsBoundary", [BOUNDARY]]],
        `${statement.sid} must carry StringEquals iam:PermissionsBoundary = var.role_permissions_boundary_arn`,
      );
      assert.deepEqual(sorted(statement.actions), IAM_WRITES, statement.sid);
    }
    const boundary = config.variable.role_permissions_boundary_arn;
    assert.ok(boundary, "var.role_permissions_boundary_arn does not exist");
    const pattern = new RegExp(/regex\("((?:[^"\\]|\\.)*)"/.exec(asList(boundary.validation)[0].condition)[1].replace(/\\\\/g, "\\"));
    assert.ok(pattern.test("arn:aws:iam::123456789012:policy/jitgate-grantable"));
    for (const bad of ["*", "arn:aws:iam::123456789012:policy/*", "arn:aws:iam::123456789012:role/x"]) assert.ok(!pattern.test(bad), bad);
  });

  test("no statement allows changing a boundary, a policy version, or attaching a policy", () => {
    for (const statement of iamStatements()) {
      for (const action of asList(statement.actions)) {
        assert.ok(!IAM_FORBIDDEN.includes(action), `${statement.sid}: ${action}`);
        assert.ok([...IAM_READS, ...IAM_WRITES].includes(action), `${statement.sid}: ${action} is not one jitgate needs`);
      }
    }
  });

  test("no jitgate role can modify jitgate's own roles, and the boundary is required with role ARNs", () => {
    for (const statement of iamStatements()) {
      assert.deepEqual(statement.resources, "${var.assumable_role_arns}", `${statement.sid} reaches beyond var.assumable_role_arns`);
    }
    const conditions = preconditions(apiFunction()).map((p) => String(p.condition));
    assert.ok(
      conditions.some((c) => c.includes("local.role_credentials_enabled") && c.includes("var.role_permissions_boundary_arn != null")),
      "the API function needs a precondition: role_permissions_boundary_arn is required with assumable_role_arns",
    );
    assert.ok(
      conditions.some((c) => c.includes("var.assumable_role_arns") && c.includes("local.api_function_name") && c.includes("local.sweep_function_name")),
      "the API function needs a precondition: assumable_role_arns must not name jitgate's own roles",
    );
    // The trust policies of jitgate's own roles name Lambda only (iam-policy.test.mjs), and neither
    // role holds a write on a role it runs as.
    assert.equal(environmentOf().JITGATE_AWS_ROLE_BOUNDARY_ARN, BOUNDARY, "the provider must know the boundary to check it");
  });

  test("the sweep role holds no iam and no sts at all", () => {
    const sweepPolicy = resources(config, "aws_iam_role_policy").sweep;
    const document = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json\}$/.exec(sweepPolicy.policy)[1];
    const statements = permissionStatements(config).filter((s) => s.origin.startsWith(`data.aws_iam_policy_document.${document}`));
    for (const s of statements) assert.ok(!asList(s.actions).some((a) => /^(iam|sts):/.test(a)), s.sid);
  });
});

// Keeps the evaluator honest: it must refuse what it does not understand and see a Deny win.
describe("the key-policy evaluator itself", () => {
  const statement = (raw) => normalizeDocumentStatement(raw, "fixture");
  test("an explicit Deny wins over an Allow; a missing key satisfies a negated operator", () => {
    const allow = statement({ sid: "A", effect: "Allow", actions: ["kms:Decrypt"], resources: ["*"], principals: [{ type: "AWS", identifiers: [ACCOUNT_ROOT] }] });
    const deny = statement({
      sid: "D",
      effect: "Deny",
      actions: ["kms:Decrypt"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: ["*"] }],
      condition: [{ test: "ArnNotEquals", variable: "aws:PrincipalArn", values: [API_ROLE] }],
    });
    assert.equal(decide([allow], { principal: OTHERS[0], action: "kms:Decrypt" }), "allow");
    assert.equal(decide([allow, deny], { principal: OTHERS[0], action: "kms:Decrypt" }), "deny");
    assert.equal(decide([allow, deny], { principal: API_ROLE, action: "kms:Decrypt" }), "allow");
  });
  test("refuses a condition key it cannot evaluate", () => {
    const odd = statement({ sid: "O", effect: "Deny", actions: ["kms:Decrypt"], principals: [{ type: "AWS", identifiers: ["*"] }], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
    assert.throws(() => decide([odd], { principal: OTHERS[0], action: "kms:Decrypt" }));
  });
});
