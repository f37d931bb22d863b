package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit export end to end on the local runner: requests made over HTTP, a range exported by an
 * auditor, and the file checked by {@code verify-audit}.
 */
class AuditExportEndToEndTest {
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";
  private static final String FRANK = "frank@example.com";

  @TempDir Path data;
  @TempDir Path work;
  private RunningSystem system;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    system = new RunningSystem(data);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void export_asAuditor_thenVerifyAudit_passesAndCatchesTampering() throws Exception {
    String first = request("INC-7: restore the billing bucket");
    request("INC-8: read the logs");
    system.clock.advance(Duration.ofMinutes(5));
    assertThat(system.post("/api/v1/requests/" + first + "/approve", CAROL, "{}").statusCode())
        .isEqualTo(200);

    HttpResponse<String> export = system.get(range(), FRANK);

    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type"))
        .contains("application/jsonl; charset=utf-8");
    // Streamed: chunked, so no length was known when the headers went out.
    assertThat(export.headers().firstValue("Content-Length")).isEmpty();
    Path file = work.resolve("audit.jsonl");
    Files.writeString(file, export.body());
    Path key = data.resolve("audit-key");

    assertThat(verify(file.toString(), "--audit-key", key.toString())).isZero();
    assertThat(printed()).contains("2 requests", "every hash chain is intact", "seals checked");

    assertThat(verify(file.toString())).isZero();
    assertThat(printed()).contains("seals NOT checked");

    List<String> lines = new ArrayList<>(export.body().lines().toList());
    lines.set(0, lines.get(0).replace("\"actor\":\"" + ALICE, "\"actor\":\"mallory@example.com"));
    Path tampered = work.resolve("tampered.jsonl");
    Files.write(tampered, lines);
    assertThat(verify(tampered.toString(), "--audit-key", key.toString())).isEqualTo(1);
    assertThat(printed()).contains(tampered + ":1: request ", ", event 1: its hash does not match");

    Path wrongKey = work.resolve("wrong-key");
    Files.writeString(wrongKey, Base64.getEncoder().encodeToString(new byte[32]));
    assertThat(verify(file.toString(), "--audit-key", wrongKey.toString())).isEqualTo(1);
    assertThat(printed()).contains("its seal does not match the audit key");
  }

  @Test
  void export_asSomeoneOutsideTheAuditors_isForbidden() {
    request("INC-7: restore the billing bucket");

    HttpResponse<String> refused = system.get(range(), ALICE);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).get("error").get("code").asText()).isEqualTo("forbidden");
  }

  @Test
  void verifyAudit_withoutAFileOrWithAnUnreadableOne_exits2() {
    assertThat(verify()).isEqualTo(2);
    assertThat(verify(work.resolve("missing.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot be read");
  }

  @Test
  void validate_aPolicyWithoutAuditors_warnsThatNobodyCanExport() throws Exception {
    Path policy = work.resolve("no-auditors.yaml");
    Files.writeString(
        policy,
        """
        entitlements:
          - id: gcp-prod
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """);

    int status = Main.run(new String[] {"validate", policy.toString()}, stream(out), stream(err));

    assertThat(status).isZero();
    assertThat(printed()).contains("warning: field 'groups': there is no 'auditors' group");
  }

  private String request(String justification) {
    HttpResponse<String> created =
        system.post(
            "/api/v1/requests",
            ALICE,
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\""
                + justification
                + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  private String range() {
    Instant now = system.clock.instant();
    return "/api/v1/audit?from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plusSeconds(60);
  }

  private int verify(String... args) {
    out.reset();
    String[] all = new String[args.length + 1];
    all[0] = "verify-audit";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(all, stream(out), stream(err));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
