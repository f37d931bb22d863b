// Reading the terraform modules offline: every .tf file parsed with @cdktf/hcl2json and merged,
// the IAM statements of the AWS module's policies in one shape, and evaluation scopes for the
// Azure and GCP modules (hcl-eval.mjs), for the node tests next to this file.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import { EvalError, Symbolic, evaluateExpression, evaluateValue } from "./hcl-eval.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The AWS module under test; JITGATE_TF_MODULE=/some/dir points the checks at another copy. */
export const moduleDir = path.resolve(process.env.JITGATE_TF_MODULE ?? path.join(here, "..", "aws"));

/** The Azure or GCP module under test; JITGATE_TF_AZURE or JITGATE_TF_GCP points at another copy. */
export const moduleDirOf = (name) => path.resolve(process.env[`JITGATE_TF_${name.toUpperCase()}`] ?? path.join(here, "..", name));

/** A file under terraform/test/fixtures. */
export const fixture = (name) => path.join(here, "fixtures", name);

// --- reading the module ---------------------------------------------------------------------------

/** Parses every .tf file of a directory and merges them into one configuration object. */
export async function loadModule(dir) {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".tf")).sort();
  assert.ok(files.length > 0, `no .tf files in ${dir}`);
  const merged = {};
  for (const file of files) {
    const parsed = await parse(file, await readFile(path.join(dir, file), "utf8"));
    for (const [blockType, body] of Object.entries(parsed)) {
      if (Array.isArray(body)) {
        // locals, terraform: one entry per block
        merged[blockType] = [...(merged[blockType] ?? []), ...body];
      } else if (blockType === "resource" || blockType === "data") {
        merged[blockType] ??= {};
        for (const [type, byName] of Object.entries(body)) {
          merged[blockType][type] ??= {};
          for (const [name, blocks] of Object.entries(byName)) {
            assert.ok(!merged[blockType][type][name], `${blockType} ${type}.${name} is declared twice`);
            merged[blockType][type][name] = { ...blocks[0], __file: file };
          }
        }
      } else {
        merged[blockType] ??= {};
        for (const [name, blocks] of Object.entries(body)) {
          assert.ok(!merged[blockType][name], `${blockType} ${name} is declared twice`);
          merged[blockType][name] = { ...blocks[0], __file: file };
        }
      }
    }
  }
  return merged;
}

export const resources = (config, type) => config.resource?.[type] ?? {};
export const first = (blocks) => (Array.isArray(blocks) ? blocks[0] : blocks);
export const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const sorted = (values) => [...values].sort();

/** References (var.x, local.x, data.t.n.attr, t.n.attr) in an HCL expression string. */
export function references(expression) {
  const refs = new Set();
  const pattern = /\b(var\.[A-Za-z0-9_]+|local\.[A-Za-z0-9_]+|data\.[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+|(?:aws|random|azurerm|google|terraform)_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+)/g;
  for (const match of String(expression).matchAll(pattern)) refs.add(match[1]);
  return refs;
}

export function localsOf(config) {
  return Object.assign({}, ...(config.locals ?? []));
}

/** Follows locals (local.a -> its expression) to the variables and resources underneath. */
export function deepReferences(config, expression, seen = new Set()) {
  const locals = localsOf(config);
  const result = new Set();
  for (const ref of references(expression)) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    result.add(ref);
    if (ref.startsWith("local.")) {
      const name = ref.slice("local.".length);
      assert.ok(name in locals, `${ref} is used but not defined`);
      for (const inner of deepReferences(config, JSON.stringify(locals[name]), seen)) result.add(inner);
    }
  }
  return result;
}

/** A statement of an aws_iam_policy_document, or of an inline JSON policy, in one shape. */
export function normalizeDocumentStatement(raw, origin) {
  return {
    origin,
    sid: raw.sid,
    effect: raw.effect ?? "Allow",
    actions: raw.actions,
    notActions: raw.not_actions,
    resources: raw.resources,
    notResources: raw.not_resources,
    principals: asList(raw.principals),
    notPrincipals: asList(raw.not_principals),
    conditions: asList(raw.condition),
  };
}

export function normalizeJsonStatement(raw, origin) {
  return {
    origin,
    sid: raw.Sid,
    effect: raw.Effect,
    actions: raw.Action === undefined ? undefined : asList(raw.Action),
    notActions: raw.NotAction,
    resources: raw.Resource === undefined ? undefined : asList(raw.Resource),
    notResources: raw.NotResource,
    principals: raw.Principal === undefined ? [] : [raw.Principal],
    notPrincipals: raw.NotPrincipal === undefined ? [] : [raw.NotPrincipal],
    conditions: Object.entries(raw.Condition ?? {}).flatMap(([test, byKey]) =>
      Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: asList(values) })),
    ),
  };
}

/** The statements written in one aws_iam_policy_document, `dynamic "statement"` blocks included. */
export function ownStatements(config, name) {
  const doc = config.data?.aws_iam_policy_document?.[name];
  assert.ok(doc, `data.aws_iam_policy_document.${name} does not exist`);
  const origin = `data.aws_iam_policy_document.${name}`;
  const statements = asList(doc.statement).map((s) => normalizeDocumentStatement(s, origin));
  for (const dynamic of asList(doc.dynamic?.statement)) {
    for (const content of asList(dynamic.content)) {
      statements.push(normalizeDocumentStatement(content, `${origin} (dynamic)`));
    }
  }
  return statements;
}

/** The documents a document merges in (source_policy_documents, override_policy_documents). */
export function mergedDocuments(config, name) {
  const doc = config.data.aws_iam_policy_document[name];
  const names = [];
  for (const key of ["source_policy_documents", "override_policy_documents"]) {
    for (const item of asList(doc[key])) {
      const match = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json\}$/.exec(item);
      assert.ok(match, `${name}.${key} may only list aws_iam_policy_document json, found ${item}`);
      names.push(match[1]);
    }
  }
  return names;
}

/** The statements a document produces: its own and those of the documents it merges in. */
export function effectiveStatements(config, name, seen = new Set()) {
  assert.ok(!seen.has(name), `policy documents include each other in a cycle at ${name}`);
  seen.add(name);
  return [
    ...mergedDocuments(config, name).flatMap((inner) => effectiveStatements(config, inner, seen)),
    ...ownStatements(config, name),
  ];
}

export const POLICY_ATTRIBUTES = ["policy", "assume_role_policy", "inline_policy"];

/**
 * Every attribute of every resource that holds an IAM policy, with where it comes from: a
 * policy document (by name) or inline JSON (parsed statements). Anything else is refused, because
 * it could not be checked here.
 */
export function policyAttachments(config) {
  const attachments = [];
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      for (const attribute of POLICY_ATTRIBUTES) {
        if (!(attribute in body)) continue;
        const where = `${type}.${name}.${attribute}`;
        const value = body[attribute];
        const fromDocument = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json\}$/.exec(value);
        if (fromDocument) {
          attachments.push({ where, type, name, attribute, document: fromDocument[1] });
          continue;
        }
        let json;
        try {
          json = JSON.parse(value);
        } catch {
          assert.fail(`${where} is neither an aws_iam_policy_document nor plain JSON, so it cannot be checked: ${value}`);
        }
        attachments.push({
          where,
          type,
          name,
          attribute,
          statements: asList(json.Statement).map((s) => normalizeJsonStatement(s, where)),
        });
      }
    }
  }
  return attachments;
}

export function attachmentStatements(config, attachment) {
  return attachment.document ? effectiveStatements(config, attachment.document) : attachment.statements;
}

/** Resources whose `policy` is a resource policy (it names principals), not a role's permissions. */
export const RESOURCE_POLICY_TYPES = ["aws_kms_key"];

/** Whether an attachment is a policy of a role (not a trust policy, not a resource policy). */
const isPermissionAttachment = (a) => a.attribute !== "assume_role_policy" && !RESOURCE_POLICY_TYPES.includes(a.type);

/** Permission statements: those of role policies (not trust or resource policies), from documents and JSON. */
export function permissionStatements(config) {
  const attachments = policyAttachments(config);
  const fromAttachments = attachments.filter(isPermissionAttachment).flatMap((a) => attachmentStatements(config, a));
  // Documents not attached anywhere still count: they may be attached later.
  const attachedElsewhere = new Set(attachments.filter((a) => !isPermissionAttachment(a) && a.document).map((a) => a.document));
  const unattached = Object.keys(config.data?.aws_iam_policy_document ?? {}).filter((name) => !attachedElsewhere.has(name));
  const all = [...fromAttachments, ...unattached.flatMap((name) => ownStatements(config, name))];
  const unique = new Map(all.map((s) => [`${s.origin}#${s.sid}#${JSON.stringify(s.actions)}`, s]));
  return [...unique.values()];
}

// --- evaluation (Azure and GCP modules) -----------------------------------------------------------------

/** Splits a type expression at `separator` where no bracket is open. */
function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if ("({[".includes(ch)) depth++;
    if (")}]".includes(ch)) depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * A value as Terraform converts it to a type constraint written `object({...})`: an attribute the
 * type declares optional(type, default) and the value leaves out gets the default (null without
 * one), nested objects likewise, and a required attribute that is missing is an error. Values of
 * other types are left alone.
 */
export function withTypeDefaults(name, type, value) {
  // Without comments (the type constraints here have no strings holding # or //).
  const source = String(type ?? "").trim().replace(/^\$\{([\s\S]*)\}$/, "$1").replace(/(#|\/\/)[^\n]*/g, "").trim();
  const object = /^object\(\{([\s\S]*)\}\)$/.exec(source);
  if (!object || value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return value;
  const result = { ...value };
  for (const line of splitTopLevel(object[1], "\n")) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([\s\S]+)$/.exec(line);
    assert.ok(m, `var.${name}: cannot read the attribute ${line}`);
    const [, attribute, attributeType] = m;
    const optional = /^optional\(([\s\S]*)\)$/.exec(attributeType);
    const [innerType, fallback] = optional ? splitTopLevel(optional[1], ",") : [attributeType, undefined];
    if (!Object.hasOwn(result, attribute) || result[attribute] === undefined) {
      assert.ok(optional, `var.${name}: attribute ${attribute} is required`);
      result[attribute] = fallback === undefined ? null : evaluateExpression(fallback, { names: {} });
    }
    result[attribute] = withTypeDefaults(`${name}.${attribute}`, innerType, result[attribute]);
  }
  return result;
}

/**
 * A scope in which hcl-eval evaluates the module's expressions: var.* from `variables` (with the
 * defaults of optional object attributes), then the variable's default, otherwise an unknown
 * (Symbolic) value; local.* evaluated lazily on first use; path.module; and `names`, e.g.
 * stand-ins for resources whose instances an expression iterates.
 */
export function moduleScope(config, dir, variables = {}, names = {}) {
  const scope = { names: {} };
  const vars = {};
  for (const [name, declaration] of Object.entries(config.variable ?? {})) {
    let value;
    if (Object.hasOwn(variables, name)) value = withTypeDefaults(name, declaration.type, variables[name]);
    else if ("default" in declaration) value = withTypeDefaults(name, declaration.type, declaration.default);
    else value = new Symbolic(`var.${name}`);
    vars[name] = value;
  }
  for (const name of Object.keys(variables)) assert.ok(name in vars, `variable ${name} is not declared`);
  const sources = localsOf(config);
  const locals = {};
  const state = {};
  for (const name of Object.keys(sources)) {
    Object.defineProperty(locals, name, {
      enumerable: true,
      get() {
        if (state[name] === "evaluating") throw new EvalError(`local.${name} refers to itself`);
        if (!(name in state)) {
          state[name] = "evaluating";
          try {
            state[name] = { value: evaluateValue(sources[name], scope) };
          } catch (e) {
            delete state[name];
            throw e;
          }
        }
        return state[name].value;
      },
    });
  }
  scope.names = { var: vars, local: locals, path: { module: dir, root: dir, cwd: dir }, ...names };
  return scope;
}

/** The same scope with each.key and each.value (for_each) or count.index bound. */
export function withEach(scope, key, value) {
  return { ...scope, names: { ...scope.names, each: { key, value } } };
}

/** The instances of a resource as Terraform would create them: [{key, scope}], from for_each or count. */
export function instancesOf(config, scope, type, name) {
  const resource = resources(config, type)[name];
  assert.ok(resource, `${type}.${name} does not exist`);
  if ("for_each" in resource) {
    const collection = evaluateValue(resource.for_each, scope);
    const entries = Array.isArray(collection) ? collection.map((v) => [v, v]) : Object.entries(collection);
    return entries.map(([key, value]) => ({ key, scope: withEach(scope, key, value) }));
  }
  if ("count" in resource) {
    const count = evaluateValue(resource.count, scope);
    return Array.from({ length: count }, (_, index) => ({ key: index, scope: { ...scope, names: { ...scope.names, count: { index } } } }));
  }
  return [{ key: null, scope }];
}

/** One attribute of a resource, evaluated in an instance's scope. */
export function attributeOf(config, instanceScope, type, name, attribute) {
  const resource = resources(config, type)[name];
  assert.ok(attribute in resource, `${type}.${name} has no ${attribute}`);
  return evaluateValue(resource[attribute], instanceScope);
}

/**
 * Stand-ins for a resource's instances, as `names` for moduleScope, so that an expression can
 * iterate over them (for_each = azurerm_key_vault_secret.jitgate): each instance is an unknown
 * value named after its address. Other resources of the same type stay unknown as a whole.
 */
export function instanceStandIns(config, scope, type, name) {
  const byName = Object.fromEntries(Object.keys(resources(config, type)).map((n) => [n, new Symbolic(`${type}.${n}`)]));
  const instances = instancesOf(config, scope, type, name);
  byName[name] = Object.fromEntries(instances.map(({ key }) => [key, new Symbolic(`${type}.${name}[${JSON.stringify(key)}]`)]));
  return { [type]: byName };
}

/** The precondition blocks of a resource. */
export const preconditionsOf = (resource) => asList(resource.lifecycle).flatMap((l) => asList(l.precondition));

// --- cross-checks with terraform itself, where it is installed ---------------------------------------------

let terraformFound;
/** Whether terraform is on the PATH (then `terraform console` can check hcl-eval's answers). */
export function terraformInstalled() {
  if (terraformFound === undefined) {
    try {
      execFileSync("terraform", ["version"], { stdio: "ignore", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
      terraformFound = true;
    } catch {
      terraformFound = false;
    }
  }
  return terraformFound;
}

/**
 * Evaluates `jsonencode(<expression>)` with `terraform console` in a scratch directory holding the
 * given files (name -> HCL text), which must need no provider. Returns the decoded value.
 */
export function terraformConsole(files, expression, variables = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "jitgate-tf-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    writeFileSync(path.join(dir, "fixture.auto.tfvars.json"), JSON.stringify(variables));
    const out = execFileSync("terraform", ["console"], {
      cwd: dir,
      input: `jsonencode(${expression.replace(/\n/g, " ")})\n`,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 120_000,
    }).toString();
    return JSON.parse(JSON.parse(out.trim().split("\n").pop()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `terraform plan` in a scratch directory holding the given files (which must need no
 * provider) with these variables, so that terraform checks every variable's validation. Returns
 * {ok, output}: ok is false when terraform refuses, and output holds its messages.
 */
export function terraformPlan(files, variables = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "jitgate-tf-"));
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const run = (args) => execFileSync("terraform", args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 }).toString();
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    writeFileSync(path.join(dir, "fixture.auto.tfvars.json"), JSON.stringify(variables));
    run(["init", "-input=false", "-backend=false", "-no-color"]);
    try {
      return { ok: true, output: run(["plan", "-input=false", "-lock=false", "-no-color"]) };
    } catch (e) {
      return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of one .tf file of a module. */
export const tfText = (dir, file) => readFileSync(path.join(dir, file), "utf8");

/** The .tf files of a module directory. */
export const tfFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
