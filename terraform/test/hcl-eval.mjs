// A small evaluator of Terraform expressions, for the offline tests: hcl2json leaves every
// expression as its source text ("${...}"), and the Azure and GCP modules derive their role
// assignments from the policy file with for-expressions that only an evaluation can check.
//
// It covers the subset of the language those modules use and refuses everything else with an
// Unsupported error, which try() and can() never swallow: a construct it does not know fails the
// test instead of being guessed. Where terraform is installed, hcl-eval.test.mjs checks its answers
// against `terraform console` on the same expressions.
//
// Values: null, booleans, numbers, strings, arrays (tuples, lists and sets; toset() sorts and
// dedups) and plain objects (maps and objects). A reference to a resource or data source evaluates
// to a Symbolic value that prints as its own reference, e.g. "${google_service_account.api.email}".

import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { Parser, Unsupported, parseExpression } from "./hcl-parse.mjs";

export { Unsupported, parseExpression };

/** An error Terraform would also raise (missing attribute, bad index...); try() and can() catch it. */
export class EvalError extends Error {}

/** An unknown value: an attribute of a resource or data source, printed as its reference. */
export class Symbolic {
  constructor(path) {
    this.path = path;
  }
  toString() {
    return "${" + this.path + "}";
  }
}

// --- values -----------------------------------------------------------------------------------------

const typeOf = (v) =>
  v === null ? "null" : v instanceof Symbolic ? "unknown" : Array.isArray(v) ? "list" : typeof v === "object" ? "object" : typeof v;

function requireKnown(...values) {
  for (const v of values) if (v instanceof Symbolic) throw new Unsupported(`${v.path} is unknown offline`);
}

function equal(a, b) {
  // An unknown resource attribute is taken to be set: Terraform would not know either, and the
  // modules compare such values only with null or "" to leave out unset settings.
  for (const [u, other] of [[a, b], [b, a]]) if (u instanceof Symbolic && (other === null || other === "")) return false;
  requireKnown(a, b);
  if (typeOf(a) !== typeOf(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (a !== null && typeof a === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return equal(ka, kb) && ka.every((k) => equal(a[k], b[k]));
  }
  return a === b;
}

function toStr(v) {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Symbolic) return v.toString();
  throw new EvalError(`cannot use a ${typeOf(v)} as a string`);
}

function requireBool(v, what) {
  requireKnown(v);
  if (typeof v !== "boolean") throw new EvalError(`${what} must be a bool, got ${typeOf(v)}`);
  return v;
}

const sortStrings = (list) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const dedup = (list) => list.filter((v, i) => list.findIndex((w) => equal(v, w)) === i);

/** Terraform's jsonencode: object keys sorted; an unknown value is written as its reference. */
function jsonEncode(v) {
  if (v instanceof Symbolic) return JSON.stringify(v.toString());
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${sortStrings(Object.keys(v)).map((k) => `${JSON.stringify(k)}:${jsonEncode(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function format(spec, ...args) {
  let i = 0;
  return toStr(spec).replace(/%([%sdq])/g, (_, verb) => {
    if (verb === "%") return "%";
    const arg = args[i++];
    if (arg === undefined) throw new EvalError("format: too few arguments");
    if (verb === "d") {
      if (typeof arg !== "number") throw new EvalError("format %d needs a number");
      return String(arg);
    }
    return verb === "q" ? JSON.stringify(toStr(arg)) : toStr(arg);
  });
}

function regexOf(pattern) {
  if (/\(\?P</.test(pattern)) throw new Unsupported("named groups");
  return new RegExp(pattern);
}

const FUNCTIONS = {
  abspath: (p) => path.resolve(toStr(p)),
  alltrue: (l) => l.every((v) => requireBool(v, "alltrue")),
  anytrue: (l) => l.some((v) => requireBool(v, "anytrue")),
  coalesce: (...a) => {
    // An unknown value before any known one makes the result unknown (assumed set).
    const found = a.find((v) => v instanceof Symbolic || (v !== null && v !== ""));
    if (found === undefined) throw new EvalError("coalesce: no non-null argument");
    return found;
  },
  concat: (...lists) => lists.flat(1),
  contains: (l, v) => l.some((x) => equal(x, v)),
  distinct: (l) => dedup(l),
  element: (l, i) => {
    if (l.length === 0) throw new EvalError("element of an empty list");
    return l[i % l.length];
  },
  endswith: (s, x) => toStr(s).endsWith(toStr(x)),
  file: (p) => {
    try {
      return readFileSync(toStr(p), "utf8");
    } catch (e) {
      throw new EvalError(`file(${p}): ${e.message}`);
    }
  },
  fileexists: (p) => {
    let stat;
    try {
      stat = statSync(toStr(p));
    } catch {
      return false;
    }
    if (!stat.isFile()) throw new EvalError(`fileexists(${p}): not a regular file`);
    return true;
  },
  filemd5: (p) => createHash("md5").update(FUNCTIONS.file(p)).digest("hex"),
  filesha256: (p) => createHash("sha256").update(FUNCTIONS.file(p)).digest("hex"),
  flatten: (l) => l.flat(Infinity),
  format,
  join: (sep, l) => l.map(toStr).join(toStr(sep)),
  jsondecode: (s) => JSON.parse(toStr(s)),
  jsonencode: jsonEncode,
  keys: (m) => sortStrings(Object.keys(m)),
  length: (v) => (typeof v === "string" ? [...v].length : Array.isArray(v) ? v.length : Object.keys(v).length),
  lookup: (m, k, d) => (Object.hasOwn(m, k) ? m[k] : d === undefined ? (() => { throw new EvalError(`lookup: no key ${k}`); })() : d),
  lower: (s) => toStr(s).toLowerCase(),
  merge: (...maps) => Object.assign({}, ...maps.filter((m) => m !== null)),
  nonsensitive: (v) => v,
  one: (l) => {
    if (l.length > 1) throw new EvalError("one: more than one element");
    return l.length ? l[0] : null;
  },
  regex: (pattern, s) => {
    const m = regexOf(toStr(pattern)).exec(toStr(s));
    if (!m) throw new EvalError(`regex: ${pattern} does not match ${s}`);
    return m.length > 1 ? m.slice(1).map((g) => g ?? null) : m[0];
  },
  replace: (s, search, repl) => {
    const pattern = toStr(search);
    if (pattern.length > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
      return toStr(s).replace(new RegExp(pattern.slice(1, -1), "g"), toStr(repl).replace(/\$\{?(\d+)\}?/g, "$$$1"));
    }
    return toStr(s).split(pattern).join(toStr(repl));
  },
  reverse: (l) => [...l].reverse(),
  setintersection: (first, ...rest) => sortStrings(dedup(first.filter((v) => rest.every((l) => l.some((w) => equal(v, w)))))),
  setproduct: (...lists) => lists.reduce((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]),
  sort: (l) => sortStrings(l.map(toStr)),
  split: (sep, s) => toStr(s).split(toStr(sep)),
  startswith: (s, x) => toStr(s).startsWith(toStr(x)),
  tolist: (l) => [...l],
  toset: (l) => {
    requireKnown(...l);
    const unique = dedup(l);
    return unique.every((v) => typeof v === "string") ? sortStrings(unique) : unique;
  },
  tostring: (v) => (v === null ? null : toStr(v)),
  trimprefix: (s, p) => (toStr(s).startsWith(toStr(p)) ? toStr(s).slice(toStr(p).length) : toStr(s)),
  trimspace: (s) => toStr(s).trim(),
  trimsuffix: (s, x) => (toStr(s).endsWith(toStr(x)) ? toStr(s).slice(0, -toStr(x).length || undefined) : toStr(s)),
  upper: (s) => toStr(s).toUpperCase(),
  values: (m) => sortStrings(Object.keys(m)).map((k) => m[k]),
  yamldecode: (s) => parseYaml(toStr(s)),
};

// --- evaluation -------------------------------------------------------------------------------------

/**
 * Evaluates a node in a scope: { names: {var, local, path, each, ...}, symbolic: (rootName) => bool }.
 * Root names not in scope.names that look like resource types become Symbolic references.
 */
function evalNode(node, scope) {
  switch (node.t) {
    case "lit":
      return node.value;
    case "template": {
      const values = node.parts.map((p) => (typeof p === "string" ? p : evalNode(p, scope)));
      if (values.length === 1 && typeof node.parts[0] !== "string") return values[0];
      return values.map(toStr).join("");
    }
    case "tuple":
      return node.items.map((i) => evalNode(i, scope));
    case "object":
      return Object.fromEntries(node.entries.map(([k, v]) => [toStr(evalNode(k, scope)), evalNode(v, scope)]));
    case "ref":
      return lookupRoot(node.name, scope);
    case "attr": {
      const of = evalNode(node.of, scope);
      if (of instanceof Symbolic) return new Symbolic(`${of.path}.${node.name}`);
      if (of === null || typeof of !== "object" || Array.isArray(of)) throw new EvalError(`.${node.name} of a ${typeOf(of)}`);
      if (!Object.hasOwn(of, node.name)) throw new EvalError(`no attribute ${node.name}`);
      return of[node.name];
    }
    case "index": {
      const of = evalNode(node.of, scope);
      const index = evalNode(node.index, scope);
      if (of instanceof Symbolic) return new Symbolic(`${of.path}[${JSON.stringify(index)}]`);
      requireKnown(index);
      if (Array.isArray(of)) {
        if (typeof index !== "number" || index < 0 || index >= of.length) throw new EvalError(`index ${index} out of range`);
        return of[index];
      }
      if (of !== null && typeof of === "object") {
        if (!Object.hasOwn(of, toStr(index))) throw new EvalError(`no key ${index}`);
        return of[toStr(index)];
      }
      throw new EvalError(`cannot index a ${typeOf(of)}`);
    }
    case "not":
      return !requireBool(evalNode(node.value, scope), "!");
    case "neg":
      return -evalNode(node.value, scope);
    case "cond":
      return requireBool(evalNode(node.condition, scope), "a condition") ? evalNode(node.yes, scope) : evalNode(node.no, scope);
    case "bin":
      return binary(node.op, evalNode(node.left, scope), evalNode(node.right, scope));
    case "call":
      return call(node, scope);
    case "forTuple":
    case "forObject":
      return forExpression(node, scope);
    default:
      throw new Unsupported(`node ${node.t}`);
  }
}

function lookupRoot(name, scope) {
  if (Object.hasOwn(scope.names, name)) return scope.names[name];
  if (name === "data" || /^[a-z0-9]+_[a-z0-9_]+$/.test(name) || name === "terraform_data") return new Symbolic(name);
  throw new Unsupported(`unknown name ${name}`);
}

function binary(op, a, b) {
  if (op === "==") return equal(a, b);
  if (op === "!=") return !equal(a, b);
  if (op === "&&") return requireBool(a, "&&") && requireBool(b, "&&");
  if (op === "||") return requireBool(a, "||") || requireBool(b, "||");
  requireKnown(a, b);
  if (typeof a !== "number" || typeof b !== "number") throw new EvalError(`${op} needs numbers`);
  return { "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "+": a + b, "-": a - b, "*": a * b, "/": a / b, "%": a % b }[op];
}

function call(node, scope) {
  if (node.name === "try") {
    for (const arg of node.args) {
      try {
        return evalNode(arg, scope);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
      }
    }
    throw new EvalError("try: no argument could be evaluated");
  }
  if (node.name === "can") {
    try {
      evalNode(node.args[0], scope);
      return true;
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      return false;
    }
  }
  const fn = FUNCTIONS[node.name];
  if (!fn) throw new Unsupported(`function ${node.name}`);
  let args = node.args.map((a) => evalNode(a, scope));
  if (node.expand) args = [...args.slice(0, -1), ...args[args.length - 1]];
  // A function of an unknown value is unknown too, printed as the call ("${trimsuffix(x.y, "/")}").
  // format, join and jsonencode write an unknown value as its reference instead.
  if (args.some((a) => a instanceof Symbolic) && !["coalesce", "format", "join", "jsonencode", "nonsensitive"].includes(node.name)) {
    return new Symbolic(`${node.name}(${args.map((a) => (a instanceof Symbolic ? a.path : JSON.stringify(a))).join(", ")})`);
  }
  return fn(...args);
}

function forExpression(node, scope) {
  const collection = evalNode(node.collection, scope);
  requireKnown(collection);
  let pairs;
  if (Array.isArray(collection)) pairs = collection.map((v, i) => [i, v]);
  else if (collection !== null && typeof collection === "object") pairs = sortStrings(Object.keys(collection)).map((k) => [k, collection[k]]);
  else throw new EvalError(`cannot iterate over a ${typeOf(collection)}`);
  const tuple = [];
  const object = {};
  for (const [k, v] of pairs) {
    const names = { ...scope.names, [node.valueName]: v };
    if (node.keyName) names[node.keyName] = k;
    const inner = { ...scope, names };
    if (node.condition && !requireBool(evalNode(node.condition, inner), "a for condition")) continue;
    if (node.t === "forTuple") {
      tuple.push(evalNode(node.value, inner));
      continue;
    }
    const key = toStr(evalNode(node.key, inner));
    const value = evalNode(node.value, inner);
    if (node.group) (object[key] ??= []).push(value);
    else if (Object.hasOwn(object, key)) throw new EvalError(`duplicate key ${key} in a for expression`);
    else object[key] = value;
  }
  return node.t === "forTuple" ? tuple : object;
}

/** Evaluates a value as hcl2json gives it: a JSON value whose strings are templates. */
export function evaluateValue(value, scope) {
  if (typeof value === "string") return evalNode(new Parser(value).rawTemplate(), scope);
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, scope));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__file").map(([k, v]) => [k, evaluateValue(v, scope)]));
  }
  return value;
}

/** Evaluates a raw expression source (no surrounding quotes). */
export function evaluateExpression(src, scope) {
  return evalNode(parseExpression(src), scope);
}

export function hasFunction(name) {
  return Object.hasOwn(FUNCTIONS, name) || name === "try" || name === "can";
}
