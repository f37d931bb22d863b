package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A window asked for ahead (startAt), on the local runner through the HTTP API (issue 14). */
class LocalScheduleTest {
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

  private HttpResponse<String> ask(Instant startAt) {
    return system.post(
        "/api/v1/requests",
        ALICE,
        "{\"entitlement\":\"gcp-prod-storage-admin\",\"duration\":\"PT1H\","
            + "\"justification\":\"CHG-9: the weekend migration\",\"startAt\":\""
            + startAt
            + "\"}");
  }

  private JsonNode get(String id) {
    return json(system.get("/api/v1/requests/" + id, ALICE));
  }

  @Test
  void schedule_approvedEarly_isActivatedBySweepAtStartAt_forTheApprovedWindow() {
    Instant startAt = system.clock.instant().plus(Duration.ofDays(2));
    HttpResponse<String> created = ask(startAt);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(json(created).get("startAt").asText()).isEqualTo(startAt.toString());

    JsonNode approved = json(system.post("/api/v1/requests/" + id + "/approve", DAVE, "{}"));
    assertThat(approved.get("state").asText()).isEqualTo("APPROVED");
    assertThat(approved.get("expiresAt").asText())
        .isEqualTo(startAt.plus(Duration.ofHours(1)).toString());
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();

    // before the start the sweep leaves it alone
    system.clock.advance(Duration.ofDays(1));
    system.runner.sweepNow();
    assertThat(get(id).get("state").asText()).isEqualTo("APPROVED");
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();

    // at the start (and the sweep's grace after it) the sweep grants it, for the approved window
    system.clock.advance(Duration.ofDays(1).plusMinutes(5));
    system.runner.sweepNow();
    JsonNode active = get(id);
    assertThat(active.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(active.get("expiresAt").asText())
        .isEqualTo(startAt.plus(Duration.ofHours(1)).toString());
    JsonNode grants = json(system.get("/local/grants", null)).get("grants");
    assertThat(grants).hasSize(1);
    assertThat(grants.get(0).get("expiresAt").asText())
        .isEqualTo(startAt.plus(Duration.ofHours(1)).toString());
    // once it has started, cancelling is refused: the requester revokes instead
    assertThat(system.post("/api/v1/requests/" + id + "/cancel", ALICE, "{}").statusCode())
        .isEqualTo(409);
    assertThat(get(id).get("state").asText()).isEqualTo("ACTIVE");
  }

  @Test
  void schedule_cancelledAfterApprovalBeforeTheStart_isNeverGranted() {
    Instant startAt = system.clock.instant().plus(Duration.ofDays(1));
    String id = json(ask(startAt)).get("id").asText();
    system.post("/api/v1/requests/" + id + "/approve", DAVE, "{}");

    HttpResponse<String> cancelled = system.post("/api/v1/requests/" + id + "/cancel", ALICE, "{}");
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(json(cancelled).get("state").asText()).isEqualTo("CANCELLED");

    system.clock.advance(Duration.ofDays(1).plusMinutes(5));
    system.runner.sweepNow();
    assertThat(get(id).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();
    assertThat(
            json(system.get("/api/v1/requests/" + id + "/audit", ALICE))
                .get("chainValid")
                .asBoolean())
        .isTrue();
  }

  @Test
  void schedule_furtherAheadThanThePolicyAllows_isA400() {
    HttpResponse<String> refused = ask(system.clock.instant().plus(Duration.ofDays(8)));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("PT168H", "further ahead");
  }

  @Test
  void schedule_inThePast_isA400() {
    assertThat(ask(system.clock.instant().minus(Duration.ofMinutes(1))).statusCode())
        .isEqualTo(400);
  }
}
