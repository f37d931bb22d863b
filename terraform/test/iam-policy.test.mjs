// Offline checks of the terraform/aws module: the HCL is parsed with @cdktf/hcl2json (no terraform,
// no provider, no AWS account needed) and the IAM policy, the table, the log groups, the schedule,
// the front door and the documentation of every input and output are checked against what jitgate
// needs and no more.
//
//   cd terraform/test && npm ci && node --test
//
// JITGATE_TF_MODULE=/some/dir points the checks at another copy of the module (used to see them
// fail on a broken copy).

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  asList,
  attachmentStatements,
  deepReferences,
  effectiveStatements,
  first,
  loadModule,
  localsOf,
  moduleDir,
  normalizeJsonStatement,
  permissionStatements,
  policyAttachments,
  references,
  resources,
  sorted,
} from "./module.mjs";

// --- what the module must grant, and on what ------------------------------------------------------

const SSO_ACTIONS = [
  "sso:CreateAccountAssignment",
  "sso:DeleteAccountAssignment",
  "sso:DescribeAccountAssignmentCreationStatus",
  "sso:DescribeAccountAssignmentDeletionStatus",
  "sso:ListAccountAssignmentDeletionStatus",
  "sso:ListAccountAssignments",
];
// Reads for the boundary check and the stale-policy cleanup; writes only under the boundary condition
// (security.test.mjs proves the condition).
const IAM_READ_ACTIONS = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies"];
const IAM_WRITE_ACTIONS = ["iam:DeleteRolePolicy", "iam:PutRolePolicy"];
const SSO_ASSIGNMENT_RESOURCES = ["local.sso_account_arns", "var.permission_set_arns", "var.sso_instance_arn"];
const IDENTITYSTORE_ACTIONS = ["identitystore:DescribeUser", "identitystore:GetUserId"];
const STS_ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];
const DYNAMODB_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"];
const LOGS_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
// No secretsmanager and no kms: the functions get the signing keys as a KMS ciphertext in their
// environment, and the key policy itself names the two roles (secrets.tf).
const ALLOWED_SERVICES = ["dynamodb", "iam", "identitystore", "logs", "ses", "sso", "sts"];
const TABLE_ARN = "${aws_dynamodb_table.requests.arn}";
const ROLE_ARNS = "${var.assumable_role_arns}";

// The only resources with a wildcard in them, and why: a table's indexes, a log group's streams, and
// the IdentityStore users (GetUserId finds the user by email, so the id is not known in advance).
const ALLOWED_WILDCARD_RESOURCES = [
  /^\$\{aws_dynamodb_table\.requests\.arn\}\/index\/\*$/,
  /^\$\{aws_cloudwatch_log_group\.[a-z_]+\.arn\}:\*$/,
  /^arn:\$\{local\.partition\}:identitystore:::user\/\*$/,
];

// Every variable that reaches a Resource element, with values its validation must accept and refuse.
const RESOURCE_VARIABLES = {
  sso_instance_arn: {
    good: ["arn:aws:sso:::instance/ssoins-0123456789abcdef"],
    bad: ["*", "arn:aws:sso:::instance/*", "arn:aws:sso:::instance/ssoins-01234567*9abcdef"],
  },
  permission_set_arns: {
    good: ["arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"],
    bad: ["*", "arn:aws:sso:::permissionSet/*", "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/*"],
  },
  account_ids: { good: ["123456789012"], bad: ["*", "12345678901*", "1234"] },
  identity_store_id: {
    good: ["d-0123456789", "0123abcd-0123-0123-0123-0123456789ab"],
    bad: ["*", "d-*"],
  },
  identity_store_account_id: { good: ["123456789012"], bad: ["*", "12345678901*"] },
  assumable_role_arns: {
    good: ["arn:aws:iam::123456789012:role/ops/read-only"],
    bad: ["*", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::*:role/ops", "arn:aws:iam::123456789012:role/ops-*"],
  },
  ses_identity_arn: {
    good: ["arn:aws:ses:eu-west-1:123456789012:identity/example.com"],
    bad: ["*", "arn:aws:ses:eu-west-1:123456789012:identity/*", "arn:aws:ses:*:123456789012:identity/example.com"],
  },
};

// The same as DynamoRequestStore.tableDefinition in aws-function.
const EXPECTED_GSIS = {
  due: { hash: ["dueKey", "S"], range: ["dueAt", "N"] },
  byRequester: { hash: ["requester", "S"], range: ["createdAt", "N"] },
  pendingByEntitlement: { hash: ["pendingEntitlement", "S"], range: ["createdAt", "N"] },
  byGrantKey: { hash: ["grantKey", "S"], range: ["state", "S"] },
  byAuditHour: { hash: ["auditHour", "S"], range: ["auditRequest", "S"] },
};

const REQUIRED_ENVIRONMENT = [
  "JITGATE_AUDIT_KEY_KMS",
  "JITGATE_AUDIT_KEY_KMS_KEY",
  "JITGATE_AUTH",
  "JITGATE_AWS_ROLE_BOUNDARY_ARN",
  "JITGATE_BASE_URL",
  "JITGATE_DEPLOYMENT",
  "JITGATE_JDBC_PASSWORD_KMS",
  "JITGATE_JDBC_PASSWORD_KMS_KEY",
  "JITGATE_JDBC_URL",
  "JITGATE_JDBC_USER",
  "JITGATE_MAIL",
  "JITGATE_MAIL_FROM",
  "JITGATE_OIDC_AUDIENCE",
  "JITGATE_OIDC_ISSUER",
  "JITGATE_OIDC_JWKS_URI",
  "JITGATE_POLICY_TAKEOVER",
  "JITGATE_SIGNING_KEYS_KMS",
  "JITGATE_SIGNING_KEYS_KMS_KEY",
  "JITGATE_STORE",
  "JITGATE_TABLE",
];

// --- the checks on one statement (exported to the self-test below) --------------------------------

const isWildcardAction = (action) => action === "*" || /\*|\?/.test(action);
const resourceItems = (statement) => asList(statement.resources);

/** Whether a resource item can stand for every resource: "*" itself, or "*" inside an expression. */
function isStarResource(item) {
  if (item === "*") return true;
  const withoutInterpolations = String(item).replace(/\$\{[^}]*\}/g, "");
  return withoutInterpolations === "*" || /"\*"/.test(String(item));
}

/** Problems with one Allow statement of a permission policy; an empty list means it is fine. */
export function statementProblems(statement) {
  const problems = [];
  const label = `${statement.origin} statement ${statement.sid ?? "(no sid)"}`;
  if (statement.effect !== "Allow") return problems;
  if (statement.notActions !== undefined) problems.push(`${label}: Allow with NotAction`);
  if (statement.notResources !== undefined) problems.push(`${label}: Allow with NotResource`);
  if (statement.principals.length > 0 || statement.notPrincipals.length > 0) {
    problems.push(`${label}: a permission policy names principals`);
  }
  if (!Array.isArray(statement.actions) || statement.actions.some((a) => typeof a !== "string" || a.includes("${"))) {
    problems.push(`${label}: actions must be a literal list, so that they can be reviewed`);
    return problems;
  }
  const star = resourceItems(statement).some(isStarResource);
  for (const action of statement.actions) {
    if (isWildcardAction(action) && star) problems.push(`${label}: ${action} on Resource "*"`);
    if (isWildcardAction(action)) problems.push(`${label}: wildcard action ${action}`);
    else if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) problems.push(`${label}: malformed action ${action}`);
  }
  if (star) problems.push(`${label}: Resource "*"`);
  if (resourceItems(statement).length === 0) problems.push(`${label}: no Resource`);
  for (const item of resourceItems(statement)) {
    if (String(item).includes("*") && !ALLOWED_WILDCARD_RESOURCES.some((re) => re.test(item))) {
      problems.push(`${label}: wildcard resource ${item}`);
    }
  }
  const services = new Set(statement.actions.map((a) => a.split(":")[0]));
  if (services.size > 1) problems.push(`${label}: mixes services ${[...services].join(", ")}`);
  for (const service of services) {
    if (!ALLOWED_SERVICES.includes(service)) problems.push(`${label}: service ${service} is not one jitgate uses`);
  }
  return problems;
}

const serviceOf = (statement) => statement.actions[0].split(":")[0];
const statementsFor = (statements, service) => statements.filter((s) => s.effect === "Allow" && serviceOf(s) === service);
const resourceRefs = (statement) => sorted(new Set(resourceItems(statement).flatMap((item) => [...references(item)])));

/** Extracts the regex literals of a validation condition (HCL string escapes undone). */
function validationRegexes(condition) {
  return [...String(condition).matchAll(/regex\("((?:[^"\\]|\\.)*)"/g)].map((m) =>
    m[1].replace(/\\(.)/g, (_, c) => ({ n: "\n", t: "\t", '"': '"', "\\": "\\" })[c] ?? `\\${c}`),
  );
}

// --- the tests ------------------------------------------------------------------------------------

let config;
before(async () => {
  config = await loadModule(moduleDir);
});

describe("IAM policy", () => {
  test("every policy is an aws_iam_policy_document or plain JSON, and no managed policy is attached", () => {
    const attachments = policyAttachments(config);
    assert.ok(attachments.length > 0, "no policy found at all");
    for (const type of ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_policy", "aws_iam_role_policies_exclusive"]) {
      assert.deepEqual(Object.keys(resources(config, type)), [], `${type} is not expected`);
    }
    for (const [name, role] of Object.entries(resources(config, "aws_iam_role"))) {
      assert.equal(role.managed_policy_arns, undefined, `aws_iam_role.${name} attaches managed policies`);
      assert.equal(role.inline_policy, undefined, `aws_iam_role.${name}: use aws_iam_role_policy`);
    }
  });

  test("no statement allows a wildcard action, Resource \"*\" or an unexpected wildcard resource", () => {
    const statements = permissionStatements(config);
    assert.ok(statements.length >= 8, `only ${statements.length} statements found`);
    const problems = statements.flatMap(statementProblems);
    assert.deepEqual(problems, []);
  });

  test("trust policies let only Lambda assume the roles", () => {
    const trust = policyAttachments(config).filter((a) => a.attribute === "assume_role_policy");
    assert.equal(trust.length, Object.keys(resources(config, "aws_iam_role")).length);
    for (const statement of trust.flatMap((a) => attachmentStatements(config, a))) {
      assert.equal(statement.effect, "Allow");
      assert.deepEqual(statement.actions, ["sts:AssumeRole"], statement.origin);
      assert.deepEqual(
        statement.principals.map((p) => [p.type, p.identifiers]),
        [["Service", ["lambda.amazonaws.com"]]],
        statement.origin,
      );
    }
  });

  test("sso: exactly the assignment actions the provider calls, on the instance, permission sets and accounts", () => {
    const statements = statementsFor(permissionStatements(config), "sso");
    assert.deepEqual(sorted(new Set(statements.flatMap((s) => s.actions))), SSO_ACTIONS);
    for (const statement of statements) {
      const refs = resourceRefs(statement);
      const assigns = statement.actions.some((a) => /^sso:((Create|Delete)AccountAssignment|ListAccountAssignments)$/.test(a));
      // Create and Delete need all three resource types; the status calls the instance only.
      assert.deepEqual(refs, assigns ? SSO_ASSIGNMENT_RESOURCES : ["var.sso_instance_arn"], statement.sid);
    }
    const accounts = JSON.stringify(localsOf(config).sso_account_arns);
    assert.match(accounts, /for (\w+) in var\.account_ids : \\"arn:\$\{local\.partition\}:sso:::account\/\$\{\1\}\\"/);
  });

  test("identitystore: the user lookup only, on the configured identity store", () => {
    const statements = statementsFor(permissionStatements(config), "identitystore");
    assert.ok(statements.length > 0, "no identitystore statement: aws.identity-center finds users there");
    for (const statement of statements) {
      for (const action of statement.actions) {
        assert.ok(IDENTITYSTORE_ACTIONS.includes(action), `${statement.sid}: ${action} is not a call aws.identity-center makes`);
      }
      assert.deepEqual(resourceRefs(statement), ["local.identity_store_arn", "local.identity_store_user_arns"]);
    }
    const locals = localsOf(config);
    assert.match(JSON.stringify(locals.identity_store_arn), /arn:%s:identitystore::%s:identitystore\/%s/);
    assert.ok(deepReferences(config, "${local.identity_store_arn}").has("var.identity_store_id"));
    assert.equal(locals.identity_store_user_arns, "arn:${local.partition}:identitystore:::user/*");
  });

  test("sts and the early-revoke role policy calls: only on var.assumable_role_arns", () => {
    const statements = permissionStatements(config);
    const sts = statementsFor(statements, "sts");
    const iam = statementsFor(statements, "iam");
    assert.ok(sts.length > 0 && iam.length > 0, "aws.role-credentials needs sts and iam:PutRolePolicy");
    for (const statement of sts) {
      for (const action of statement.actions) {
        assert.ok(STS_ACTIONS.includes(action), `${statement.sid}: ${action} is not a call aws.role-credentials makes`);
      }
      assert.deepEqual(statement.resources, ROLE_ARNS, statement.sid);
    }
    assert.deepEqual(sorted(new Set(sts.flatMap((s) => s.actions))), STS_ACTIONS);
    for (const statement of iam) {
      const actions = sorted(statement.actions);
      assert.ok(
        JSON.stringify(actions) === JSON.stringify(IAM_READ_ACTIONS) || JSON.stringify(actions) === JSON.stringify(IAM_WRITE_ACTIONS),
        `${statement.sid}: ${actions} mixes reads and writes, or is neither`,
      );
      assert.deepEqual(statement.resources, ROLE_ARNS, statement.sid);
    }
    assert.deepEqual(sorted(new Set(iam.flatMap((s) => s.actions))), sorted([...IAM_READ_ACTIONS, ...IAM_WRITE_ACTIONS]));
  });

  test("dynamodb: the store's item and query actions on the table and its indexes only", () => {
    const statements = statementsFor(permissionStatements(config), "dynamodb");
    assert.ok(statements.length > 0);
    for (const statement of statements) {
      for (const action of statement.actions) {
        assert.ok(DYNAMODB_ACTIONS.includes(action), `${statement.sid}: ${action} is not a call the store makes`);
      }
      for (const item of resourceItems(statement)) {
        const index = item === `${TABLE_ARN}/index/*`;
        assert.ok(item === TABLE_ARN || index, `${statement.sid}: ${item} is not the table`);
        if (index) assert.deepEqual(statement.actions, ["dynamodb:Query"], "only Query reads an index");
      }
    }
    assert.deepEqual(sorted(new Set(statements.flatMap((s) => s.actions))), DYNAMODB_ACTIONS);
  });

  test("secretsmanager and ses: the signing-key secret and the SES identity only", () => {
    const statements = permissionStatements(config);
    for (const statement of statementsFor(statements, "secretsmanager")) {
      assert.deepEqual(statement.actions, ["secretsmanager:GetSecretValue"]);
      assert.deepEqual(statement.resources, ["${aws_secretsmanager_secret.signing_keys.arn}"]);
    }
    const ses = statementsFor(statements, "ses");
    assert.ok(ses.length > 0);
    for (const statement of ses) {
      assert.deepEqual(statement.actions, ["ses:SendEmail"]);
      assert.deepEqual(statement.resources, ["${var.ses_identity_arn}"]);
      assert.deepEqual(
        statement.conditions.map((c) => [c.test, c.variable, c.values]),
        [["StringEquals", "ses:FromAddress", ["${var.mail_from}"]]],
      );
    }
  });

  test("each function writes logs to its own log group only; only the API role may use sts and iam", () => {
    const functions = resources(config, "aws_lambda_function");
    const rolePolicies = Object.values(resources(config, "aws_iam_role_policy"));
    assert.deepEqual(sorted(Object.keys(functions)), ["api", "sweep"]);
    for (const [name, fn] of Object.entries(functions)) {
      const role = /^\$\{aws_iam_role\.([A-Za-z0-9_]+)\.arn\}$/.exec(fn.role)?.[1];
      assert.ok(role, `aws_lambda_function.${name}.role must be one of this module's roles`);
      const others = Object.entries(functions).filter(([other, f]) => other !== name && f.role === fn.role);
      assert.deepEqual(others, [], `aws_lambda_function.${name} shares its role`);

      const logGroup = /^\$\{aws_cloudwatch_log_group\.([A-Za-z0-9_]+)\.name\}$/.exec(first(fn.logging_config)?.log_group)?.[1];
      assert.ok(logGroup, `aws_lambda_function.${name} must log to a log group of this module (logging_config)`);

      const policies = rolePolicies.filter((p) => new RegExp(`^\\$\\{aws_iam_role\\.${role}\\.(id|name)\\}$`).test(p.role));
      assert.equal(policies.length, 1, `role ${role} should have exactly one inline policy`);
      const document = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json\}$/.exec(policies[0].policy)[1];
      const statements = effectiveStatements(config, document);
      const logs = statementsFor(statements, "logs");
      assert.ok(logs.length > 0, `role ${role} cannot write its logs`);
      for (const statement of logs) {
        for (const action of statement.actions) {
          assert.ok(LOGS_ACTIONS.includes(action), `${statement.sid}: ${action} is more than writing logs`);
        }
        assert.deepEqual(resourceItems(statement), [`\${aws_cloudwatch_log_group.${logGroup}.arn}:*`], statement.sid);
      }
      const services = new Set(statements.filter((s) => s.effect === "Allow").map(serviceOf));
      if (name === "sweep") {
        assert.ok(!services.has("sts") && !services.has("iam"), "the sweep role needs no sts and no iam");
      }
    }
  });

  test("variables that reach a Resource element refuse wildcards", () => {
    const statements = permissionStatements(config);
    const reached = new Set(
      statements.flatMap((s) => resourceItems(s).flatMap((item) => [...deepReferences(config, item)])),
    );
    const variables = [...reached].filter((r) => r.startsWith("var.")).map((r) => r.slice(4));
    for (const name of variables) {
      assert.ok(name in RESOURCE_VARIABLES, `var.${name} reaches a Resource: add it to RESOURCE_VARIABLES with samples`);
    }
    for (const [name, samples] of Object.entries(RESOURCE_VARIABLES)) {
      const variable = config.variable?.[name];
      assert.ok(variable, `var.${name} does not exist`);
      const regexes = asList(variable.validation).flatMap((v) => validationRegexes(v.condition));
      assert.equal(regexes.length, 1, `var.${name} should be validated by exactly one regex`);
      const pattern = new RegExp(regexes[0]);
      for (const value of samples.good) assert.ok(pattern.test(value), `var.${name} refuses ${value}`);
      for (const value of samples.bad) assert.ok(!pattern.test(value), `var.${name} accepts ${value}`);
    }
  });
});

describe("the checker itself", () => {
  const statement = (actions, resources, extra = {}) => ({
    origin: "fixture",
    sid: "Fixture",
    effect: "Allow",
    actions,
    resources,
    principals: [],
    notPrincipals: [],
    conditions: [],
    ...extra,
  });

  test("refuses wildcard actions, Resource \"*\" and unexpected wildcard resources", () => {
    assert.notDeepEqual(statementProblems(statement(["*"], ["*"])), []);
    assert.notDeepEqual(statementProblems(statement(["sso:*"], ["*"])), []);
    assert.notDeepEqual(statementProblems(statement(["sso:*"], [TABLE_ARN])), []);
    assert.notDeepEqual(statementProblems(statement(["sso:Describe*"], ["${var.sso_instance_arn}"])), []);
    assert.notDeepEqual(statementProblems(statement(["dynamodb:GetItem"], ["*"])), []);
    assert.notDeepEqual(statementProblems(statement(["dynamodb:GetItem"], "${concat([\"*\"], var.x)}")), []);
    assert.notDeepEqual(statementProblems(statement(["iam:PutRolePolicy"], ["arn:aws:iam::123456789012:role/*"])), []);
    assert.notDeepEqual(statementProblems(statement(["s3:GetObject"], ["arn:aws:s3:::b/k"])), []);
    assert.notDeepEqual(statementProblems(statement(["sts:AssumeRole", "iam:PutRolePolicy"], ROLE_ARNS)), []);
    assert.notDeepEqual(statementProblems(statement(undefined, ["*"], { notActions: ["iam:*"] })), []);
    assert.notDeepEqual(statementProblems(statement("${local.actions}", ROLE_ARNS)), []);
  });

  test("accepts the statements this module is made of", () => {
    assert.deepEqual(statementProblems(statement(["dynamodb:Query"], [TABLE_ARN, `${TABLE_ARN}/index/*`])), []);
    assert.deepEqual(statementProblems(statement(["sts:AssumeRole"], ROLE_ARNS)), []);
    assert.deepEqual(statementProblems(statement(["logs:PutLogEvents"], ["${aws_cloudwatch_log_group.api.arn}:*"])), []);
  });

  test("reads inline JSON policies too", () => {
    const json = { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const statements = json.Statement.map((s) => normalizeJsonStatement(s, "inline"));
    assert.notDeepEqual(statements.flatMap(statementProblems), []);
  });
});

describe("DynamoDB table", () => {
  const table = () => {
    const tables = resources(config, "aws_dynamodb_table");
    assert.deepEqual(Object.keys(tables), ["requests"]);
    return tables.requests;
  };

  test("on demand, point-in-time recovery, encryption, deletion protection", () => {
    const t = table();
    assert.equal(t.billing_mode, "PAY_PER_REQUEST");
    assert.equal(first(t.point_in_time_recovery)?.enabled, true, "point-in-time recovery must be enabled");
    assert.equal(first(t.server_side_encryption)?.enabled, true, "server-side encryption must be enabled");
    assert.equal(t.deletion_protection_enabled, "${var.table_deletion_protection}");
    assert.equal(config.variable.table_deletion_protection.default, true);
  });

  test("key schema: pk, and the due, requester, grantKey and pending indexes, projecting everything", () => {
    const t = table();
    assert.equal(t.hash_key, "pk");
    assert.equal(t.range_key, undefined);
    const types = Object.fromEntries(asList(t.attribute).map((a) => [a.name, a.type]));
    assert.equal(types.pk, "S");
    const indexes = Object.fromEntries(asList(t.global_secondary_index).map((i) => [i.name, i]));
    assert.deepEqual(sorted(Object.keys(indexes)), sorted(Object.keys(EXPECTED_GSIS)));
    const used = new Set(["pk"]);
    for (const [name, expected] of Object.entries(EXPECTED_GSIS)) {
      const index = indexes[name];
      assert.equal(index.projection_type, "KEYS_ONLY", `${name} projection`);
      assert.equal(index.hash_key, expected.hash[0], `${name} hash key`);
      assert.equal(index.range_key, expected.range[0], `${name} range key`);
      assert.equal(types[expected.hash[0]], expected.hash[1], `${expected.hash[0]} type`);
      assert.equal(types[expected.range[0]], expected.range[1], `${expected.range[0]} type`);
      used.add(expected.hash[0]).add(expected.range[0]);
    }
    // DynamoDB refuses attribute definitions that no key uses.
    assert.deepEqual(sorted(Object.keys(types)), sorted(used));
    assert.equal(asList(t.local_secondary_index).length, 0);
  });
});

describe("logs", () => {
  test("every log group has var.log_retention_days (default 30), and both functions log to one", () => {
    const groups = resources(config, "aws_cloudwatch_log_group");
    assert.ok(Object.keys(groups).length >= 2);
    for (const [name, group] of Object.entries(groups)) {
      assert.equal(group.retention_in_days, "${var.log_retention_days}", `aws_cloudwatch_log_group.${name}`);
    }
    assert.equal(config.variable.log_retention_days.default, 30);
    for (const [name, fn] of Object.entries(resources(config, "aws_lambda_function"))) {
      const group = /^\$\{aws_cloudwatch_log_group\.([A-Za-z0-9_]+)\.name\}$/.exec(first(fn.logging_config)?.log_group)?.[1];
      assert.ok(group in groups, `aws_lambda_function.${name} logs to a group without a retention`);
      assert.match(groups[group].name, /^\/aws\/lambda\//);
    }
  });
});

describe("functions", () => {
  test("the sweep runs every minute from EventBridge", () => {
    const sweep = resources(config, "aws_lambda_function").sweep;
    assert.equal(sweep.handler, "dev.jitgate.aws.handler.SweepHandler::handleRequest");
    const rules = Object.entries(resources(config, "aws_cloudwatch_event_rule"));
    assert.equal(rules.length, 1);
    const [ruleName, rule] = rules[0];
    assert.equal(rule.schedule_expression, "rate(1 minute)");
    const targets = Object.values(resources(config, "aws_cloudwatch_event_target"));
    assert.ok(
      targets.some((t) => t.rule === `\${aws_cloudwatch_event_rule.${ruleName}.name}` && t.arn === "${aws_lambda_function.sweep.arn}"),
      "no target sends the schedule to the sweep function",
    );
    const permissions = Object.values(resources(config, "aws_lambda_permission"));
    assert.ok(
      permissions.some(
        (p) =>
          p.principal === "events.amazonaws.com" &&
          p.function_name === "${aws_lambda_function.sweep.function_name}" &&
          p.source_arn === `\${aws_cloudwatch_event_rule.${ruleName}.arn}`,
      ),
      "EventBridge may not invoke the sweep",
    );
  });

  test("the API is a SnapStart function behind an alias, configured through JITGATE_* variables", () => {
    const api = resources(config, "aws_lambda_function").api;
    assert.equal(api.handler, "dev.jitgate.aws.handler.ApiHandler::handleRequest");
    // SnapStart on the managed runtime; lambda-package.test.mjs checks both packages.
    assert.equal(first(first(api.dynamic?.snap_start)?.content)?.apply_on, "${snap_start.value}");
    assert.equal(api.publish, true);
    const alias = Object.values(resources(config, "aws_lambda_alias"));
    assert.ok(alias.some((a) => a.function_version === "${aws_lambda_function.api.version}"));
    assert.ok(["java17", "java21"].includes(config.variable.runtime.default));
    for (const fn of Object.values(resources(config, "aws_lambda_function"))) {
      assert.equal(fn.runtime, "${local.function_runtime}");
      assert.equal(first(fn.environment)?.variables, "${local.environment}");
    }
    const environment = localsOf(config).jitgate_environment;
    assert.deepEqual(sorted(Object.keys(environment)), REQUIRED_ENVIRONMENT);
    assert.equal(environment.JITGATE_MAIL, "ses");
    assert.equal(environment.JITGATE_AUTH, '${local.http_api ? "apigateway-jwt" : "oidc"}');
  });

  test("front door: a JWT authorizer on the HTTP API, or a function URL; nothing else is public", () => {
    const authorizers = Object.values(resources(config, "aws_apigatewayv2_authorizer"));
    assert.equal(authorizers.length, 1);
    assert.equal(authorizers[0].authorizer_type, "JWT");
    assert.deepEqual(first(authorizers[0].jwt_configuration), {
      issuer: "${var.oidc_issuer}",
      audience: ["${var.oidc_audience}"],
    });
    const routes = resources(config, "aws_apigatewayv2_route");
    assert.equal(routes.default.route_key, "$default");
    assert.equal(routes.default.authorization_type, "JWT");
    assert.deepEqual(localsOf(config).public_routes, ["GET /healthz", "GET /approvals/{token}", "POST /approvals/{token}", "POST /integrations/slack/interactions", "GET /console", "ANY /console/{proxy+}"]);
    for (const [name, route] of Object.entries(routes)) {
      if (route.authorization_type !== "JWT") assert.equal(route.for_each, "${local.http_api ? toset(local.public_routes) : toset([])}", name);
    }
    const urls = Object.values(resources(config, "aws_lambda_function_url"));
    assert.equal(urls.length, 1);
    assert.equal(urls[0].authorization_type, "NONE");
    assert.equal(urls[0].qualifier, "${aws_lambda_alias.api.name}");
    for (const [name, permission] of Object.entries(resources(config, "aws_lambda_permission"))) {
      if (permission.principal !== "*") continue;
      const throughUrl =
        (permission.action === "lambda:InvokeFunctionUrl" && permission.function_url_auth_type === "NONE") ||
        (permission.action === "lambda:InvokeFunction" && permission.invoked_via_function_url === true);
      assert.ok(throughUrl, `aws_lambda_permission.${name} lets anyone invoke the function directly`);
    }
  });
});

describe("documentation", () => {
  test("every variable has a type and a description", () => {
    const variables = Object.entries(config.variable ?? {});
    assert.ok(variables.length > 0);
    for (const [name, variable] of variables) {
      assert.ok(variable.type, `variable ${name} has no type`);
      assert.ok(typeof variable.description === "string" && variable.description.length > 10, `variable ${name} has no description`);
    }
  });

  test("every output has a description", () => {
    const outputs = Object.entries(config.output ?? {});
    for (const name of ["api_url", "sweep_function_name", "table_name", "signing_key_secret_arn", "api_role_arn", "sweep_role_arn"]) {
      assert.ok(config.output?.[name], `output ${name} is missing`);
    }
    for (const [name, output] of outputs) {
      assert.ok(typeof output.description === "string" && output.description.length > 10, `output ${name} has no description`);
    }
  });

  test("the providers are pinned", () => {
    const providers = Object.assign({}, ...(config.terraform ?? []).flatMap((t) => asList(t.required_providers)));
    assert.equal(providers.aws?.source, "hashicorp/aws");
    assert.match(providers.aws?.version ?? "", /^~> \d+\.\d+$/);
    assert.equal(providers.random?.source, "hashicorp/random");
    assert.match(providers.random?.version ?? "", /^~> \d+\.\d+$/);
  });
});
