// The expression evaluator of the offline tests, checked on its own: each expression below has
// the value Terraform gives it, and where terraform is installed, `terraform console` evaluates the
// same expressions and must agree with the evaluator. Its refusals are checked too: a construct it
// does not know must fail loudly, never be guessed or swallowed by try().

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EvalError, Symbolic, Unsupported, evaluateExpression, evaluateValue } from "./hcl-eval.mjs";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fixture, terraformConsole, terraformInstalled } from "./module.mjs";

const scope = { names: {} };
const CASES = [
  ['[for e in [{ a = 1 }, { a = 2 }, { a = 3 }] : e.a * 2 if e.a > 1]', [4, 6]],
  ['{ for g in [{ k = "x", v = 1 }, { k = "x", v = 2 }, { k = "y", v = 3 }] : g.k => g.v... }', { x: [1, 2], y: [3] }],
  ['{ for g in [{ k = "x", v = 1 }, { k = "y", v = 3 }] : g.k => g.v if g.v != 3 }', { x: 1 }],
  ['[for k, v in { b = 1, a = 2 } : "${k}=${v}"]', ["a=2", "b=1"]],
  ['[for i, v in ["p", "q"] : "${i}:${v}"]', ["0:p", "1:q"]],
  ['lower(reverse(split("/", "/a/B/C"))[0])', "c"],
  ['format("{%s} %q %d %%", "a", "b", 3)', '{a} "b" 3 %'],
  ['try({ a = 1 }.b, "fallback")', "fallback"],
  ['try([for e in null : e], [])', []],
  ['can(regex("^roles/resourcemanager\\\\.[A-Za-z]*Admin$", "roles/resourcemanager.projectIamAdmin"))', true],
  ['can(regex("^roles/resourcemanager\\\\.[A-Za-z]*Admin$", "roles/resourcemanager.projectMover"))', false],
  ['regex("^projects/([^/]+)$", "projects/p1")', ["p1"]],
  ['trimsuffix("/x/", "/")', "/x"],
  ['sort(distinct(["b", "a", "b"]))', ["a", "b"]],
  ['jsonencode({ b = 1, a = [true, null, "x"] })', '{"a":[true,null,"x"],"b":1}'],
  ['"x-${1 + 2}-${"y"}"', "x-3-y"],
  ['"${true}"', true],
  ['contains(["a"], try({}.kind, ""))', false],
  ['setproduct(["p", "q"], ["api", "sweep"])', [["p", "api"], ["p", "sweep"], ["q", "api"], ["q", "sweep"]]],
  ['{ for pair in setproduct(["p"], ["api", "sweep"]) : "${pair[0]}|${pair[1]}" => { resource = pair[0], function = pair[1] } }',
    { "p|api": { resource: "p", function: "api" }, "p|sweep": { resource: "p", function: "sweep" } }],
  ['yamldecode("a: [1, two]\\nb: {c: true}")', { a: [1, "two"], b: { c: true } }],
  ['join(", ", [for r in ["x", "y"] : "\'${r}\'"])', "'x', 'y'"],
  ['replace("a-b_c", "/[^a-z]/", "")', "abc"],
  ['replace("a.b.c", ".", "-")', "a-b-c"],
  ['[alltrue([]), anytrue([for x in [1, 2] : x == 2]), alltrue([true, false])]', [true, true, false]],
  ['[length({ a = 1, b = 2 }), length("héllo"), length([1])]', [2, 5, 1]],
  ['keys({ b = 1, a = 2 })', ["a", "b"]],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['merge({ a = 1 }, { a = 2, b = 3 })', { a: 2, b: 3 }],
  ['element(["a", "b"], 3)', "b"],
  ['[1 == "1", "a" == "a", [1] == [1], { a = 1 } != { a = 2 }]', [false, true, true, true]],
  ['[startswith("abc", "ab"), endswith("abc", "bc"), startswith("abc", "c")]', [true, true, false]],
  ['[one([]), coalesce(null, "", "x"), tostring(5)]', [null, "x", "5"]],
  ['setintersection(["a", "b"], ["b", "c"])', ["b"]],
  ['true ? "a" : "b"', "a"],
  ['false ? { a = 1 }.nope : "b"', "b"],
  ['toset(["b", "a", "b"])', ["a", "b"]],
  ['flatten([["a"], [["b"]], []])', ["a", "b"]],
  ['concat(["a"], ["b", "c"])', ["a", "b", "c"]],
  ['lookup({ a = 1 }, "b", 0)', 0],
  ['!contains(["x"], "y") && 2 >= 1 || false', true],
  ['# a comment\n  [\n    for x in ["a"] : x // another\n  ]', ["a"]],
];

describe("hcl-eval: the expressions the Azure and GCP modules use", () => {
  for (const [expression, expected] of CASES) {
    test(expression.replace(/\s+/g, " "), () => {
      assert.deepEqual(evaluateExpression(expression, scope), expected);
    });
  }

  test("terraform console agrees on every expression (skipped when terraform is not installed)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the evaluator was not cross-checked");
      return;
    }
    // One console run for all: a tuple of every expression.
    const got = terraformConsole({ "main.tf": "" }, `[${CASES.map(([e]) => `(${e.replace(/#[^\n]*|\/\/[^\n]*/g, "")})`).join(", ")}]`);
    CASES.forEach(([expression], i) => {
      assert.deepEqual(evaluateExpression(expression, scope), got[i], `${expression}: terraform says ${JSON.stringify(got[i])}`);
    });
  });
});

describe("hcl-eval: the file functions the multicloud example uses", () => {
  const file = fixture("gcp-indexes.json");
  const expressions = [`fileexists("${file}")`, `fileexists("${file}.missing")`, `filesha256("${file}")`, `abspath("${path.dirname(file)}/../fixtures/x.yaml")`];

  test("fileexists, filesha256 and abspath give what Terraform gives", () => {
    const [exists, missing, sha, abs] = expressions.map((e) => evaluateExpression(e, scope));
    assert.equal(exists, true);
    assert.equal(missing, false);
    assert.equal(sha, createHash("sha256").update(readFileSync(file)).digest("hex"));
    assert.equal(abs, path.join(path.dirname(file), "x.yaml"));
    assert.throws(() => evaluateExpression(`fileexists("${path.dirname(file)}")`, scope), EvalError);
  });

  test("terraform console agrees (skipped when terraform is not installed)", (t) => {
    if (!terraformInstalled()) {
      t.skip("terraform is not installed: the evaluator was not cross-checked");
      return;
    }
    const got = terraformConsole({ "main.tf": "" }, `[${expressions.join(", ")}]`);
    assert.deepEqual(expressions.map((e) => evaluateExpression(e, scope)), got);
  });
});

describe("hcl-eval: what it refuses", () => {
  test("an unknown function, a splat, a template directive and a heredoc are Unsupported", () => {
    for (const expression of ['cidrsubnet("10.0.0.0/8", 8, 1)', "[{ a = 1 }][*].a", '"%{if true}x%{endif}"', "<<EOT\nx\nEOT\n"]) {
      assert.throws(() => evaluateExpression(expression, scope), Unsupported, expression);
    }
  });

  test("try() and can() do not swallow Unsupported, only errors Terraform would raise", () => {
    assert.throws(() => evaluateExpression('try(cidrsubnet("10.0.0.0/8", 8, 1), "x")', scope), Unsupported);
    assert.throws(() => evaluateExpression("can(nope.x)", scope), Unsupported);
    assert.throws(() => evaluateExpression("{ a = 1 }.b", scope), EvalError);
    assert.throws(() => evaluateExpression("{ for x in [1, 1] : x => x }", scope), EvalError);
  });

  test("a resource attribute is an unknown reference, printed as itself and never compared", () => {
    const value = evaluateExpression("google_service_account.api.email", scope);
    assert.ok(value instanceof Symbolic);
    assert.equal(evaluateValue("serviceAccount:${google_service_account.api.email}", scope), "serviceAccount:${google_service_account.api.email}");
    assert.throws(() => evaluateExpression('google_service_account.api.email == "x"', scope), Unsupported);
  });

  test("hcl2json values: a lone interpolation keeps its type, other strings are templates", () => {
    const s = { names: { local: { n: 3, l: ["a"] } } };
    assert.deepEqual(evaluateValue("${local.l}", s), ["a"]);
    assert.equal(evaluateValue("n=${local.n}", s), "n=3");
    assert.deepEqual(evaluateValue({ x: "${local.n}", y: ["${local.n}", 1] }, s), { x: 3, y: [3, 1] });
  });
});
