// Reading the terraform/aws module offline: every .tf file parsed with @cdktf/hcl2json and merged,
// and the IAM statements of its policies in one shape, for the node tests next to this file.

import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The module under test; JITGATE_TF_MODULE=/some/dir points the checks at another copy. */
export const moduleDir = path.resolve(process.env.JITGATE_TF_MODULE ?? path.join(here, "..", "aws"));

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
  const pattern = /\b(var\.[A-Za-z0-9_]+|local\.[A-Za-z0-9_]+|data\.[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+|(?:aws|random)_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+)/g;
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
