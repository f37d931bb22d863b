// The AWS module's two packages (variable lambda_package): the shaded jar on the managed Java
// runtime with SnapStart (the default), or the provided.al2023 custom runtime, whose zip brings its
// own jlinked JRE and a class-data archive (aws-function -Pcustom-runtime). Evaluated offline with
// hcl-eval, as Terraform would evaluate them.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluateValue } from "./hcl-eval.mjs";
import { attributeOf, first, loadModule, moduleDir, moduleScope, preconditionsOf, resources } from "./module.mjs";

let config;
before(async () => {
  config = await loadModule(moduleDir);
});

const scopeWith = (vars = {}) => moduleScope(config, moduleDir, vars);
const fn = (name) => resources(config, "aws_lambda_function")[name];
const snapStartFor = (scope) => evaluateValue(first(fn("api").dynamic.snap_start).for_each, scope);
const failedPreconditions = (scope) =>
  preconditionsOf(fn("api"))
    .filter((p) => !p.condition.includes("sso") && !p.condition.includes("role") && !p.condition.includes("assumable"))
    .filter((p) => evaluateValue(p.condition, scope) === false)
    .map((p) => evaluateValue(p.error_message, scope));

describe("lambda_package", () => {
  test("defaults to the jar on the managed Java runtime, with SnapStart on the API", () => {
    const scope = scopeWith();
    assert.equal(config.variable.lambda_package.default, "managed");
    for (const name of ["api", "sweep"]) {
      assert.equal(attributeOf(config, scope, "aws_lambda_function", name, "runtime"), "java21");
      assert.match(attributeOf(config, scope, "aws_lambda_function", name, "filename"), /aws-function\/target\/jitgate-aws\.jar$/);
    }
    assert.deepEqual(snapStartFor(scope), ["PublishedVersions"]);
    assert.deepEqual(failedPreconditions(scope), []);
    assert.equal(evaluateValue(resources(config, "aws_lambda_layer_version").jre.count, scope), 0);
  });

  test("custom-runtime: the zip on provided.al2023 for both functions, without SnapStart", () => {
    const scope = scopeWith({ lambda_package: "custom-runtime", architecture: "x86_64" });
    for (const name of ["api", "sweep"]) {
      assert.equal(attributeOf(config, scope, "aws_lambda_function", name, "runtime"), "provided.al2023");
      assert.match(
        attributeOf(config, scope, "aws_lambda_function", name, "filename"),
        /aws-function\/target\/jitgate-aws-custom-runtime\.zip$/,
      );
      // The bootstrap hands _HANDLER to the runtime interface client: the same handler names.
      assert.match(fn(name).handler, /^dev\.jitgate\.aws\.handler\.[A-Za-z]+Handler::handleRequest$/);
    }
    assert.deepEqual(snapStartFor(scope), []);
    assert.deepEqual(failedPreconditions(scope), []);
    // The JRE comes as a layer of its own, unpacked under /opt, where the bootstrap finds it.
    const layer = resources(config, "aws_lambda_layer_version").jre;
    assert.equal(evaluateValue(layer.count, scope), 1);
    assert.match(evaluateValue(layer.filename, scope), /aws-function\/target\/jitgate-aws-jre-layer\.zip$/);
    assert.deepEqual(layer.compatible_runtimes, ["provided.al2023"]);
    assert.deepEqual(layer.compatible_architectures, ["x86_64"]);
    for (const name of ["api", "sweep"]) assert.equal(fn(name).layers, "${aws_lambda_layer_version.jre[*].arn}");
  });

  test("custom-runtime on arm64 is refused: the package's JRE is x86_64", () => {
    const scope = scopeWith({ lambda_package: "custom-runtime", architecture: "arm64" });
    assert.deepEqual(failedPreconditions(scope), ['lambda_package "custom-runtime" carries an x86_64 JRE: set architecture to x86_64.']);
  });

  test("only managed or custom-runtime is accepted", () => {
    const validation = first(config.variable.lambda_package.validation);
    const holds = (value) => evaluateValue(validation.condition, scopeWith({ lambda_package: value }));
    assert.equal(holds("managed"), true);
    assert.equal(holds("custom-runtime"), true);
    assert.equal(holds("provided"), false);
  });
});
