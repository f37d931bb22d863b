// Offline checks of one queue for three clouds (issue 12): the shared_store, shared_store_password
// and audit_key inputs the AWS, Azure and Google modules have in common, and the example in
// terraform/examples/multicloud that wires the three modules to one PostgreSQL database with one
// policy and one audit key. What each module does with the password (KMS ciphertext, Key Vault
// reference, secret environment variable) is checked next to the module's other secrets, in
// security.test.mjs, azure.test.mjs and gcp.test.mjs.
//
// Variable validations are evaluated with hcl-eval; where terraform is installed, `terraform
// console` reads the same variables.tf files and must refuse and accept the same values.
//
//   cd terraform/test && npm ci && node --test multicloud.test.mjs

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Symbolic, evaluateValue } from "./hcl-eval.mjs";
import {
  asList,
  fixture,
  loadModule,
  moduleDirOf,
  moduleScope,
  preconditionsOf,
  resources,
  terraformConsole,
  terraformInstalled,
  terraformPlan,
  tfText,
  withTypeDefaults,
} from "./module.mjs";

const CLOUDS = ["aws", "azure", "gcp"];
const exampleDir = moduleDirOf("examples/multicloud");

// Values for the variables each module requires, so that `terraform console` can read its
// variables.tf.
const REQUIRED = {
  aws: {
    oidc_issuer: "https://login.example.com",
    oidc_audience: "jitgate",
    oidc_jwks_uri: "https://login.example.com/jwks",
    mail_from: "jitgate@example.com",
    ses_identity_arn: "arn:aws:ses:eu-west-1:111122223333:identity/example.com",
  },
  azure: { location: "westeurope", policy_file: fixture("azure-policy.yaml"), webhook_secrets: { AUDIT_FEED_SECRET: "s" } },
  gcp: { project_id: "jitgate-prod", region: "europe-west1", policy_file: fixture("gcp-policy.yaml"), source_bucket: "b", source_object: "o.zip", webhook_secrets: { AUDIT_FEED_SECRET: "s" } },
};

const URL_OK = [
  "jdbc:postgresql://db.example.com:5432/jitgate?sslmode=verify-full&sslrootcert=/var/task/db-ca.pem",
  "jdbc:postgresql://db.example.com/jitgate?sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory&sslmode=verify-full",
];
const URL_REFUSED = {
  "no sslmode": "jdbc:postgresql://db.example.com:5432/jitgate",
  "sslmode=require": "jdbc:postgresql://db.example.com/jitgate?sslmode=require",
  "sslmode=verify-ca": "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-ca",
  "sslmode=disable": "jdbc:postgresql://db.example.com/jitgate?sslmode=disable",
  "a longer mode": "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-fullish",
  "another parameter's name": "jdbc:postgresql://db.example.com/jitgate?xsslmode=verify-full",
  "not PostgreSQL": "jdbc:mysql://db.example.com/jitgate?sslmode=verify-full",
  "not a JDBC URL": "postgresql://db.example.com/jitgate?sslmode=verify-full",
  NonValidatingFactory: "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-full&sslfactory=org.postgresql.ssl.NonValidatingFactory",
  "a password": "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-full&password=hunter2",
  "a PASSWORD": "jdbc:postgresql://db.example.com/jitgate?PASSWORD=hunter2&sslmode=verify-full",
};

const configs = {};
let example;
before(async () => {
  for (const cloud of CLOUDS) configs[cloud] = await loadModule(moduleDirOf(cloud));
  example = await loadModule(exampleDir);
});

/** Whether every validation of a module's variable holds for a value (evaluated by hcl-eval). */
function validationsHold(cloud, name, value) {
  const scope = moduleScope(configs[cloud], moduleDirOf(cloud), { [name]: value });
  return asList(configs[cloud].variable[name].validation).every((v) => evaluateValue(v.condition, scope) === true);
}

/** Whether a value holds an unknown (a resource attribute) anywhere. */
const unknown = (v) => v instanceof Symbolic || (v !== null && typeof v === "object" && Object.values(v).some(unknown));

/** The top-level blocks of an HCL file (formatted by terraform fmt) whose first line matches. */
function topLevelBlocks(text, pattern) {
  const blocks = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!pattern.test(lines[i])) continue;
    const end = lines.indexOf("}", i);
    blocks.push(lines.slice(i, end + 1).join("\n"));
    i = end;
  }
  return blocks.join("\n\n");
}

/** Whether `terraform plan` on a module's variables.tf accepts these variables (it checks every validation). */
const terraformAccepts = (cloud, variables) => terraformPlan({ "variables.tf": tfText(moduleDirOf(cloud), "variables.tf") }, { ...REQUIRED[cloud], ...variables });

/** What `terraform console` makes of a variable of a module's variables.tf (with the type's defaults). */
const terraformValue = (cloud, name, variables) => terraformConsole({ "variables.tf": tfText(moduleDirOf(cloud), "variables.tf") }, `var.${name}`, { ...REQUIRED[cloud], ...variables });

// --- the inputs the three modules share ----------------------------------------------------------------

describe("shared_store: one input in the three modules, validated alike", () => {
  for (const cloud of CLOUDS) {
    test(`${cloud}: a jdbc:postgresql:// URL with sslmode=verify-full and a trusted root is accepted; the deployment name defaults to ${cloud}`, () => {
      for (const jdbc_url of URL_OK) assert.equal(validationsHold(cloud, "shared_store", { jdbc_url, user: "jitgate" }), true, jdbc_url);
      assert.equal(validationsHold(cloud, "shared_store", null), true, "null, the native store");
      const value = withTypeDefaults("shared_store", configs[cloud].variable.shared_store.type, { jdbc_url: URL_OK[0], user: "jitgate" });
      assert.deepEqual(value, { jdbc_url: URL_OK[0], user: "jitgate", deployment_name: cloud, policy_takeover: false });
      assert.equal(configs[cloud].variable.shared_store.default, null);
    });

    test(`${cloud}: a URL without verify-full, not PostgreSQL, skipping the certificate check or carrying a password is refused`, () => {
      for (const [why, jdbc_url] of Object.entries(URL_REFUSED)) {
        assert.equal(validationsHold(cloud, "shared_store", { jdbc_url, user: "jitgate" }), false, why);
      }
    });

    test(`${cloud}: an empty user, or a deployment name the policy ledger would refuse, is refused`, () => {
      const jdbc_url = URL_OK[0];
      assert.equal(validationsHold(cloud, "shared_store", { jdbc_url, user: "" }), false, "empty user");
      for (const deployment_name of ["", "aws eu", "aws/eu", "x".repeat(101)]) {
        assert.equal(validationsHold(cloud, "shared_store", { jdbc_url, user: "jitgate", deployment_name }), false, JSON.stringify(deployment_name));
      }
      for (const deployment_name of ["aws-eu-west-1", "prod.azure_2:x", "x".repeat(100)]) {
        assert.equal(validationsHold(cloud, "shared_store", { jdbc_url, user: "jitgate", deployment_name }), true, deployment_name);
      }
    });

    test(`${cloud}: the password is a variable of its own, sensitive, null by default`, () => {
      const password = configs[cloud].variable.shared_store_password;
      assert.equal(password.sensitive, true);
      assert.equal(password.default, null);
      assert.equal(password.type, "${string}");
    });
  }

  test("terraform itself refuses the same URLs and fills in the same defaults (skipped without terraform)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the validations were evaluated by hcl-eval only");
      return;
    }
    for (const cloud of CLOUDS) {
      const store = { jdbc_url: URL_OK[1], user: "jitgate" };
      const ok = terraformAccepts(cloud, { shared_store: store });
      assert.equal(ok.ok, true, `${cloud}: ${ok.output}`);
      assert.deepEqual(terraformValue(cloud, "shared_store", { shared_store: store }), withTypeDefaults("shared_store", configs[cloud].variable.shared_store.type, store));
      for (const why of ["sslmode=require", "NonValidatingFactory", "a password"]) {
        const refused = terraformAccepts(cloud, { shared_store: { jdbc_url: URL_REFUSED[why], user: "jitgate" } });
        assert.equal(refused.ok, false, `${cloud} accepted a URL with ${why}`);
        assert.match(refused.output, /shared_store\.jdbc_url must/, `${cloud}: ${why}`);
      }
    }
  });
});

describe("audit_key: one key for every deployment of a shared store", () => {
  const KEY = randomBytes(32).toString("base64");

  /** The first value each module writes into its audit-key secret. */
  const firstAuditKey = {
    aws: (vars) => evaluateValue(resources(configs.aws, "aws_secretsmanager_secret_version").first_audit_key.secret_string, moduleScope(configs.aws, moduleDirOf("aws"), vars)),
    azure: (vars) => moduleScope(configs.azure, moduleDirOf("azure"), { ...REQUIRED.azure, ...vars }).names.local.kv_secret_values["audit-key"],
    gcp: (vars) => moduleScope(configs.gcp, moduleDirOf("gcp"), { ...REQUIRED.gcp, ...vars }).names.local.secret_values["audit-key"],
  };

  for (const cloud of CLOUDS) {
    test(`${cloud}: a given audit_key is the first value of the module's audit-key secret; null generates one`, () => {
      assert.equal(firstAuditKey[cloud]({ audit_key: KEY }), KEY);
      assert.equal(String(firstAuditKey[cloud]({})), "${random_bytes.audit_key.base64}");
      assert.equal(configs[cloud].variable.audit_key.sensitive, true);
      assert.equal(configs[cloud].variable.audit_key.default, null);
    });

    test(`${cloud}: audit_key must be standard base64 of at least 32 bytes`, () => {
      for (const good of [KEY, randomBytes(64).toString("base64"), null]) assert.equal(validationsHold(cloud, "audit_key", good), true, String(good));
      const bad = {
        "31 bytes": randomBytes(31).toString("base64"),
        "16 bytes": randomBytes(16).toString("base64"),
        unpadded: KEY.replace(/=+$/, ""),
        "base64url": "-_" + KEY.slice(2),
        "not base64": "not base64 at all, not even close!!!!!!!!!!!!",
        empty: "",
      };
      for (const [why, value] of Object.entries(bad)) assert.equal(validationsHold(cloud, "audit_key", value), false, why);
    });

    test(`${cloud}: a check warns when the audit-key secret holds another key than audit_key`, () => {
      const check = configs[cloud].check?.audit_key_is_the_given_one;
      assert.ok(check, "no check audit_key_is_the_given_one");
      const [assertion] = asList(check.assert);
      assert.match(assertion.condition, /var\.audit_key == null \|\| data\.[a-z_]+\.[a-z_]+\.(secret_string|value|secret_data) == var\.audit_key/);
      assert.doesNotMatch(assertion.error_message, /\$\{var\.audit_key\}/, "the message must not show the key");
      const vars = cloud === "aws" ? {} : REQUIRED[cloud];
      assert.equal(evaluateValue(assertion.condition, moduleScope(configs[cloud], moduleDirOf(cloud), vars)), true, "without audit_key there is nothing to compare");
      // The secret it reads is the module's own audit key.
      const source = cloud === "aws" ? JSON.stringify(configs.aws.data.aws_secretsmanager_secret_version.audit_key) : JSON.stringify(check.data);
      assert.match(source, /audit_key|audit-key/);
    });
  }

  test("terraform itself refuses a short audit key (skipped without terraform)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the validations were evaluated by hcl-eval only");
      return;
    }
    for (const cloud of CLOUDS) {
      const ok = terraformAccepts(cloud, { audit_key: KEY });
      assert.equal(ok.ok, true, `${cloud}: ${ok.output}`);
      const refused = terraformAccepts(cloud, { audit_key: randomBytes(31).toString("base64") });
      assert.equal(refused.ok, false, cloud);
      assert.match(refused.output, /audit_key must be standard base64/, cloud);
    }
  });
});

// --- the example ---------------------------------------------------------------------------------------

describe("the multicloud example: three modules, one database, one policy, one audit key", () => {
  const VARS = { database: { host: "db.example.com", name: "jitgate", user: "jitgate" }, database_password: "pw-s3cret", gcp_source_object: "jitgate-gcp-1.zip", smtp_password: "smtp" };
  const CA_PATHS = { aws: "/var/task/db-ca.pem", azure: "/home/site/wwwroot/db-ca.pem", gcp: "/workspace/db-ca.pem" };
  const scope = (vars = {}) => moduleScope(example, exampleDir, { ...VARS, ...vars });
  const input = (cloud, name, vars) => evaluateValue(example.module[cloud][name], scope(vars));

  test("the example calls the three modules, each by its own source", () => {
    assert.deepEqual(Object.keys(example.module).sort(), CLOUDS);
    for (const cloud of CLOUDS) assert.equal(example.module[cloud].source, `../../${cloud}`);
  });

  test("one audit key: the same 32 random bytes go to all three modules", () => {
    assert.equal(resources(example, "random_bytes").audit_key.length, 32);
    for (const cloud of CLOUDS) assert.equal(example.module[cloud].audit_key, "${random_bytes.audit_key.base64}", cloud);
  });

  test("one database: the same host, database and user, over verify-full TLS, and one password, to all three", () => {
    for (const ca of [undefined, CA_PATHS]) {
      const database = { ...VARS.database, ca_file_paths: ca };
      const stores = CLOUDS.map((cloud) => input(cloud, "shared_store", { database }));
      stores.forEach((store, i) => {
        const cloud = CLOUDS[i];
        const trust = ca ? `sslrootcert=${ca[cloud]}` : "sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory";
        assert.deepEqual(store, {
          jdbc_url: `jdbc:postgresql://db.example.com:5432/jitgate?sslmode=verify-full&${trust}`,
          user: "jitgate",
          deployment_name: cloud,
        });
        assert.equal(validationsHold(cloud, "shared_store", store), true, `${cloud} refuses the example's store`);
      });
      assert.equal(new Set(stores.map((s) => s.deployment_name)).size, 3, "each deployment needs its own name in the ledger");
    }
    for (const cloud of CLOUDS) assert.equal(example.module[cloud].shared_store_password, "${var.database_password}", cloud);
    assert.equal(example.variable.database_password.sensitive, true);
    assert.equal(input("aws", "shared_store", { database: { ...VARS.database, port: 6432 } }).jdbc_url.includes("db.example.com:6432/"), true);
  });

  test("one policy: the Azure and Google modules read the same file, and a check wants every package to bundle it", () => {
    const policyFile = scope().names.local.policy_file;
    assert.equal(policyFile, path.join(exampleDir, "policy.yaml"));
    for (const cloud of ["azure", "gcp"]) assert.equal(input(cloud, "policy_file"), policyFile, cloud);
    // AWS reads the policy bundled in the jar (JITGATE_POLICY unset: policy.yaml).
    assert.ok(!("JITGATE_POLICY" in input("aws", "environment")));
    const bundled = scope().names.local.bundled_policies;
    assert.deepEqual(Object.keys(bundled).sort(), CLOUDS);
    const [assertion] = asList(example.check.packages_bundle_this_policy.assert);
    assert.match(assertion.condition, /filesha256\(bundled\) == filesha256\(local\.policy_file\)/);
  });

  test("the policy check passes when the three packages' sources hold the example's policy, and fails when one differs or is missing", () => {
    const root = mkdtempSync(path.join(tmpdir(), "jitgate-multicloud-"));
    try {
      const dir = path.join(root, "terraform", "examples", "multicloud");
      mkdirSync(dir, { recursive: true });
      cpSync(exampleDir, dir, { recursive: true });
      const policy = readFileSync(path.join(exampleDir, "policy.yaml"), "utf8");
      const copy = (module, text) => {
        mkdirSync(path.join(root, module, "src", "main", "resources"), { recursive: true });
        writeFileSync(path.join(root, module, "src", "main", "resources", "policy.yaml"), text);
      };
      const [assertion] = asList(example.check.packages_bundle_this_policy.assert);
      const holds = () => evaluateValue(assertion.condition, moduleScope(example, dir, VARS));
      copy("aws-function", policy);
      copy("azure-function", policy);
      assert.equal(holds(), false, "gcp-function has no policy.yaml");
      copy("gcp-function", policy);
      assert.equal(holds(), true);
      copy("azure-function", `${policy}\n# one more line\n`);
      assert.equal(holds(), false, "azure-function's policy differs");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("the AWS module's Identity Center and role inputs are read from the policy", () => {
    assert.equal(input("aws", "sso_instance_arn"), "arn:aws:sso:::instance/ssoins-72230cbe5c2b4a1f");
    assert.equal(input("aws", "identity_store_id"), "d-906700aa11");
    assert.deepEqual(input("aws", "permission_set_arns"), ["arn:aws:sso:::permissionSet/ssoins-72230cbe5c2b4a1f/ps-4f1e2d3c4b5a6978"]);
    assert.deepEqual(input("aws", "account_ids"), ["444455556666"]);
    assert.deepEqual(input("aws", "assumable_role_arns"), ["arn:aws:iam::111122223333:role/jitgate-hotfix-deploy"]);
  });

  test("every input the example passes is declared by its module and passes its validations; every required input is passed", () => {
    const meta = new Set(["source", "version", "providers", "depends_on", "count", "for_each", "__file"]);
    for (const cloud of CLOUDS) {
      const declared = configs[cloud].variable;
      const passed = Object.keys(example.module[cloud]).filter((k) => !meta.has(k));
      for (const name of passed) {
        assert.ok(name in declared, `module.${cloud} passes ${name}, which terraform/${cloud} does not declare`);
        const value = input(cloud, name);
        if (!unknown(value)) assert.equal(validationsHold(cloud, name, value), true, `module.${cloud}.${name} = ${JSON.stringify(value)} fails its validation`);
      }
      for (const [name, variable] of Object.entries(declared)) {
        if (!("default" in variable)) assert.ok(passed.includes(name), `module.${cloud} does not pass the required ${name}`);
      }
    }
  });

  test("the policy passes the plan checks of the Azure and Google modules", () => {
    const checks = (cloud, vars) => {
      const s = moduleScope(configs[cloud], moduleDirOf(cloud), vars);
      return preconditionsOf(resources(configs[cloud], "terraform_data").policy_checks).map((p) => evaluateValue(p.condition, s));
    };
    const azure = checks("azure", { ...REQUIRED.azure, policy_file: input("azure", "policy_file"), pim_role_definition_scope: input("azure", "pim_role_definition_scope") });
    assert.deepEqual(azure, azure.map(() => true));
    const gcp = checks("gcp", { ...REQUIRED.gcp, project_id: input("gcp", "project_id"), policy_file: input("gcp", "policy_file") });
    assert.deepEqual(gcp, gcp.map(() => true));
  });

  test("each deployment keeps its own base URL (links are opened where they were signed); null means its own endpoint", () => {
    for (const cloud of CLOUDS) {
      assert.equal(example.module[cloud].base_url, `\${var.base_urls.${cloud}}`);
      assert.equal(input(cloud, "base_url"), null);
      assert.equal(input(cloud, "base_url", { base_urls: { [cloud]: `https://jitgate-${cloud}.example.com` } }), `https://jitgate-${cloud}.example.com`);
    }
  });

  test("one identity provider: the three deployments verify the same issuer and audience, and map oid to addresses", () => {
    for (const key of ["oidc_issuer", "oidc_audience", "oidc_jwks_uri"]) {
      const values = CLOUDS.map((cloud) => input(cloud, key));
      assert.equal(new Set(values).size, 1, key);
    }
    assert.equal(input("aws", "environment").JITGATE_OIDC_IDENTITY_CLAIM, "oid");
    for (const cloud of ["azure", "gcp"]) assert.equal(input(cloud, "oidc_identity_claim"), "oid");
  });

  test("terraform console computes the same stores and AWS inputs from the example's variables and locals (skipped without terraform)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the example was evaluated by hcl-eval only");
      return;
    }
    const text = tfText(exampleDir, "main.tf");
    const files = { "main.tf": topLevelBlocks(text, /^(variable "|locals \{)/), "policy.yaml": readFileSync(path.join(exampleDir, "policy.yaml"), "utf8") };
    const expression = `{ stores = local.shared_store, sso = ${example.module.aws.sso_instance_arn.slice(2, -1)}, roles = ${example.module.aws.assumable_role_arns.slice(2, -1)}, accounts = ${example.module.aws.account_ids.slice(2, -1)} }`;
    for (const ca of [undefined, CA_PATHS]) {
      const vars = { ...VARS, database: { ...VARS.database, ...(ca ? { ca_file_paths: ca } : {}) } };
      const got = terraformConsole(files, expression, vars);
      const s = scope(vars);
      assert.deepEqual(
        {
          stores: s.names.local.shared_store,
          sso: input("aws", "sso_instance_arn", vars),
          roles: input("aws", "assumable_role_arns", vars),
          accounts: input("aws", "account_ids", vars),
        },
        got,
      );
    }
  });

  test("README.md says what Terraform cannot do here, for each cloud", () => {
    const readme = readFileSync(path.join(exampleDir, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## What Terraform cannot do here"));
    assert.ok(section.length > 500, "README.md has no section \"What Terraform cannot do here\"");
    for (const words of ["VPC", "NAT", "VNet integration", "Direct VPC egress", "Serverless VPC Access", "authorized networks", "sslrootcert", "DefaultJavaSSLFactory", "CREATE", "backups", "max_connections"]) {
      assert.ok(section.includes(words), `the section does not mention ${words}`);
    }
    for (const variable of Object.keys(example.variable)) assert.ok(readme.includes(`\`${variable}\``), `README.md does not describe ${variable}`);
    for (const output of Object.keys(example.output)) assert.ok(readme.includes(`\`${output}\``), `README.md does not describe output ${output}`);
  });
});
