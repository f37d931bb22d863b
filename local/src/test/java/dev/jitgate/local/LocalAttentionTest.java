package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 end to end on the local runner, over HTTP: a reminder and an escalation sent by the
 * sweep, the escalated approver deciding through the API, and a break-glass activation told loudly
 * and closed by a review.
 */
class LocalAttentionTest {
  private static final String ALICE = "alice@example.com";
  private static final String POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com]
        directors: [frank@example.com]
      entitlements:
        - id: gcp-prod-storage-admin
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          approvalTimeout: PT24H
          remindAfter: PT1H
          escalateAfter: PT4H
          escalateTo: [group:directors]
        - id: gcp-prod-owner
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          breakGlass: true
          breakGlassMax: PT30M
          breakGlassNotify: [security@example.com]
      """;

  @TempDir Path data;
  private RunningSystem system;

  @BeforeEach
  void start() throws Exception {
    Path policy = data.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    system = new RunningSystem(data.resolve("data"), policy);
  }

  @AfterEach
  void stop() {
    system.close();
  }

  private List<String> subjectsTo(String address) throws Exception {
    return system.outbox().stream()
        .filter(m -> to(m).contains(address))
        .map(LocalAttentionTest::subject)
        .toList();
  }

  private static String to(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void pendingRequest_isRemindedThenEscalated_andTheEscalatedApproverApprovesThroughTheApi()
      throws Exception {
    String id =
        json(system.post(
                "/api/v1/requests",
                ALICE,
                "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-7\"}"))
            .get("id")
            .asText();
    assertThat(
            system
                .post("/api/v1/requests/" + id + "/approve", "frank@example.com", "{}")
                .statusCode())
        .isEqualTo(404);

    system.clock.advance(Duration.ofHours(1));
    system.runner.sweepNow();
    system.runner.sweepNow();

    assertThat(subjectsTo("carol@example.com"))
        .filteredOn(s -> s.startsWith("[jitgate] Reminder"))
        .hasSize(1);
    JsonNode reminded = json(system.get("/api/v1/requests/" + id, ALICE));
    assertThat(reminded.get("remindedAt").asText()).isEqualTo(system.clock.instant().toString());

    system.clock.advance(Duration.ofHours(3));
    system.runner.sweepNow();

    assertThat(subjectsTo("frank@example.com"))
        .singleElement()
        .asString()
        .startsWith("[jitgate] Escalated to you");
    JsonNode queue = json(system.get("/api/v1/requests?role=approver", "frank@example.com"));
    assertThat(queue.get("requests")).extracting(r -> r.get("id").asText()).containsExactly(id);

    HttpResponse<String> approved =
        system.post("/api/v1/requests/" + id + "/approve", "frank@example.com", "{}");

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(json(approved).get("state").asText()).isEqualTo("ACTIVE");
    JsonNode audit = json(system.get("/api/v1/requests/" + id + "/audit", ALICE));
    assertThat(audit.get("chainValid").asBoolean()).isTrue();
    assertThat(audit.get("events"))
        .extracting(e -> e.get("type").asText())
        .containsSubsequence("requested", "reminded", "escalated", "approved", "activated");
  }

  @Test
  void breakGlass_activatesAtOnce_tellsEveryoneLoudly_andAnApproverClosesTheReview()
      throws Exception {
    HttpResponse<String> created =
        system.post(
            "/api/v1/requests",
            ALICE,
            "{\"entitlement\":\"gcp-prod-owner\",\"breakGlass\":true,"
                + "\"justification\":\"INC-99: production is down\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode request = json(created);
    String id = request.get("id").asText();
    assertThat(request.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(request.get("duration").asText()).isEqualTo("PT30M");
    assertThat(request.get("breakGlass").asBoolean()).isTrue();
    assertThat(request.get("review").asText()).isEqualTo("open");
    assertThat(json(system.get("/local/grants", null)).get("grants")).hasSize(1);
    assertThat(subjectsTo("carol@example.com"))
        .singleElement()
        .asString()
        .startsWith("[jitgate] BREAK-GLASS: alice@example.com took");
    assertThat(subjectsTo("security@example.com"))
        .singleElement()
        .asString()
        .contains("BREAK-GLASS");
    JsonNode queue = json(system.get("/api/v1/requests?role=approver", "carol@example.com"));
    assertThat(queue.get("requests")).extracting(r -> r.get("id").asText()).containsExactly(id);

    // a day on, the access long expired, the open review is reminded to its approvers, once
    system.clock.advance(Duration.ofDays(1));
    system.runner.sweepNow();
    system.runner.sweepNow();
    assertThat(subjectsTo("carol@example.com"))
        .filteredOn(subject -> subject.startsWith("[jitgate] Reminder, BREAK-GLASS review"))
        .hasSize(1);
    JsonNode expired = json(system.get("/api/v1/requests/" + id, "carol@example.com"));
    assertThat(expired.get("state").asText()).isEqualTo("EXPIRED");
    assertThat(expired.get("review").asText()).isEqualTo("open");
    assertThat(expired.get("remindedAt").asText()).isEqualTo(system.clock.instant().toString());

    HttpResponse<String> self =
        system.post(
            "/api/v1/requests/" + id + "/review",
            ALICE,
            "{\"outcome\":\"confirmed\",\"comment\":\"it was needed\"}");
    HttpResponse<String> tooLong =
        system.post(
            "/api/v1/requests",
            "bob@example.com",
            "{\"entitlement\":\"gcp-prod-owner\",\"breakGlass\":true,\"duration\":\"PT1H\","
                + "\"justification\":\"INC-99\"}");
    HttpResponse<String> reviewed =
        system.post(
            "/api/v1/requests/" + id + "/review",
            "carol@example.com",
            "{\"outcome\":\"flagged\",\"comment\":\"no incident was open\"}");

    assertThat(self.statusCode()).isEqualTo(403);
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(reviewed.statusCode()).isEqualTo(200);
    JsonNode review = json(reviewed).get("review");
    assertThat(review.get("outcome").asText()).isEqualTo("flagged");
    assertThat(review.get("by").asText()).isEqualTo("carol@example.com");
    assertThat(
            json(system.get("/api/v1/requests?role=approver", "carol@example.com")).get("requests"))
        .isEmpty();
    assertThat(
            system
                .post(
                    "/api/v1/requests/" + id + "/review",
                    "carol@example.com",
                    "{\"outcome\":\"confirmed\",\"comment\":\"again\"}")
                .statusCode())
        .isEqualTo(409);
    JsonNode audit = json(system.get("/api/v1/requests/" + id + "/audit", ALICE));
    assertThat(audit.get("chainValid").asBoolean()).isTrue();
    assertThat(audit.get("events"))
        .extracting(e -> e.get("type").asText())
        .containsSubsequence(
            "requested",
            "approved",
            "activation_started",
            "activated",
            "expired",
            "reminded",
            "reviewed");
  }
}
