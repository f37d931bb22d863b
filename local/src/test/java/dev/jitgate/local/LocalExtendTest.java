package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extending ACTIVE access on the local runner, through the HTTP API (issue 14). */
class LocalExtendTest {
  private static final String ALICE = "alice@example.com";
  private static final String DAVE = "dave@example.com";
  @TempDir Path data;
  private RunningSystem system;

  @BeforeEach
  void start() {
    system = new RunningSystem(data);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  private String activeRequest() {
    HttpResponse<String> created =
        system.post(
            "/api/v1/requests",
            ALICE,
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"duration\":\"PT1H\","
                + "\"justification\":\"INC-7: restore the billing bucket\"}");
    String id = json(created).get("id").asText();
    system.post("/api/v1/requests/" + id + "/approve", DAVE, "{}");
    return id;
  }

  @Test
  void extend_approvedByAnApprover_movesExpiresAtAndTheSimulatedGrant_thenSweepExpiresAtNewEnd() {
    String id = activeRequest();
    Instant oldEnd =
        Instant.parse(json(system.get("/api/v1/requests/" + id, ALICE)).get("expiresAt").asText());

    HttpResponse<String> asked =
        system.post(
            "/api/v1/requests/" + id + "/extend",
            ALICE,
            "{\"duration\":\"PT30M\",\"justification\":\"INC-7: the restore is slow\"}");
    assertThat(asked.statusCode()).isEqualTo(200);
    JsonNode pending = json(asked);
    assertThat(pending.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(pending.get("extension").get("duration").asText()).isEqualTo("PT30M");
    assertThat(pending.get("expiresAt").asText()).isEqualTo(oldEnd.toString());
    // the approvers hear of it, with the console page and no approval link, and it waits in
    // their queue
    List<String> extensionMails =
        system.outbox().stream()
            .map(LocalExtendTest::subject)
            .filter(subject -> subject.startsWith("[jitgate] Extension needs approval: "))
            .toList();
    assertThat(extensionMails).hasSize(2);
    JsonNode queue = json(system.get("/api/v1/requests?role=approver", DAVE)).get("requests");
    assertThat(queue.toString()).contains(id);

    HttpResponse<String> approved =
        system.post("/api/v1/requests/" + id + "/approve", DAVE, "{\"comment\":\"ok\"}");
    assertThat(approved.statusCode()).isEqualTo(200);
    Instant newEnd = oldEnd.plus(Duration.ofMinutes(30));
    JsonNode extended = json(approved);
    assertThat(extended.get("expiresAt").asText()).isEqualTo(newEnd.toString());
    assertThat(extended.get("extensions").asInt()).isEqualTo(1);
    assertThat(extended.has("extension")).isFalse();
    JsonNode grants = json(system.get("/local/grants", null)).get("grants");
    assertThat(grants.get(0).get("expiresAt").asText()).isEqualTo(newEnd.toString());

    JsonNode audit = json(system.get("/api/v1/requests/" + id + "/audit", ALICE));
    assertThat(audit.get("chainValid").asBoolean()).isTrue();
    assertThat(audit.get("events").toString())
        .contains("extension_requested", "extension_approved", "\"extended\"", newEnd.toString());

    // at the old end the access stays; at the new end the sweep expires it
    system.clock.advance(Duration.ofHours(1));
    system.runner.sweepNow();
    assertThat(json(system.get("/api/v1/requests/" + id, ALICE)).get("state").asText())
        .isEqualTo("ACTIVE");
    system.clock.advance(Duration.ofMinutes(31));
    system.runner.sweepNow();
    assertThat(json(system.get("/api/v1/requests/" + id, ALICE)).get("state").asText())
        .isEqualTo("EXPIRED");
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();
  }

  @Test
  void extend_pastTheEntitlementsMax_isA400AndChangesNothing() {
    String id = activeRequest();
    long version = json(system.get("/api/v1/requests/" + id, ALICE)).get("version").asLong();
    HttpResponse<String> refused =
        system.post(
            "/api/v1/requests/" + id + "/extend",
            ALICE,
            "{\"duration\":\"PT3H1M\",\"justification\":\"INC-7: more\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").get("code").asText()).isEqualTo("invalid_request");
    assertThat(json(system.get("/api/v1/requests/" + id, ALICE)).get("version").asLong())
        .isEqualTo(version);
  }

  @Test
  void extend_ofAPendingRequest_isA409() {
    String id =
        json(system.post(
                "/api/v1/requests",
                ALICE,
                "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-7: x\"}"))
            .get("id")
            .asText();
    HttpResponse<String> refused =
        system.post(
            "/api/v1/requests/" + id + "/extend",
            ALICE,
            "{\"duration\":\"PT30M\",\"justification\":\"INC-7: more\"}");
    assertThat(refused.statusCode()).isEqualTo(409);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
