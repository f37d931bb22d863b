package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validate_theExamplePolicy_passes() {
    int status = run("validate", RunningSystem.EXAMPLE_POLICY.toString());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("is valid: 7 entitlements");
  }

  @Test
  void validate_aBrokenPolicy_printsEachProblemWithItsLocation_andFails(@TempDir Path dir)
      throws Exception {
    Path policy = dir.resolve("broken.yaml");
    Files.writeString(
        policy,
        """
        entitlements:
          - id: gcp-prod
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
            requesters: [group:sre]
            approvers: [user:carol@example.com]
            approvals: 2
            duration: {default: PT1H, min: PT5M, max: PT200H}
        """);

    int status = run("validate", policy.toString());

    String problems = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(1);
    assertThat(problems)
        .contains("broken.yaml:6", "gcp-prod", "approvals")
        .contains("broken.yaml:7", "duration.max")
        .contains("2 problems");
  }

  @Test
  void validate_aMissingFile_fails() {
    assertThat(run("validate", "no/such/policy.yaml")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no/such/policy.yaml");
  }

  @Test
  void badOptions_printUsage_andExit2() {
    assertThat(run("--port", "eighty")).isEqualTo(2);
    assertThat(run("--sweep-interval", "soon")).isEqualTo(2);
    assertThat(run("--colour", "blue")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage:", "--port takes a port number");
  }

  @Test
  void start_withAnInvalidPolicy_refusesToRun(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("bad.yaml");
    Files.writeString(policy, "entitlements: []\n");

    int status =
        run("--policy", policy.toString(), "--port", "0", "--data", dir.resolve("d").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.yaml");
  }

  @Test
  void start_withSlackInThePolicy_butItsTokenNotInTheEnvironment_refusesToRun(@TempDir Path dir)
      throws Exception {
    Path policy = dir.resolve("slack.yaml");
    Files.writeString(
        policy,
        """
        slack:
          botTokenEnv: JITGATE_TEST_NEVER_SET_TOKEN
          signingSecretEnv: JITGATE_TEST_NEVER_SET_SECRET
          channel: C0123456789
        entitlements:
          - id: prod-read
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvers: [user:carol@example.com]
        """);

    int status =
        run("--policy", policy.toString(), "--port", "0", "--data", dir.resolve("d").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("jitgate could not start", "JITGATE_TEST_NEVER_SET_TOKEN");
  }
}
