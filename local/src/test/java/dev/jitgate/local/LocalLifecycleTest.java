package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner driven over HTTP through a whole request, as the README's walkthrough does. */
class LocalLifecycleTest {
  private static final String ALICE = "alice@example.com";
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

  private String state(String id) {
    return json(system.get("/api/v1/requests/" + id, ALICE)).get("state").asText();
  }

  @Test
  void request_approveByEmailedLink_active_thenExpiredBySweep() {
    HttpResponse<String> created =
        system.post(
            "/api/v1/requests",
            ALICE,
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"duration\":\"PT1H\","
                + "\"justification\":\"INC-7: restore the billing bucket\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/requests/" + id);

    String link = system.approvalLink("carol@example.com", id);
    assertThat(link).startsWith(system.base() + "/approvals/");
    assertThat(system.consoleText()).contains(link);
    long version = json(system.get("/api/v1/requests/" + id, ALICE)).get("version").asLong();

    HttpResponse<String> page = system.getUrl(link);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("INC-7: restore the billing bucket", "Approve", "Deny");
    assertThat(json(system.get("/api/v1/requests/" + id, ALICE)).get("version").asLong())
        .isEqualTo(version);
    assertThat(state(id)).isEqualTo("PENDING");

    system.clock.advance(Duration.ofMinutes(10));
    HttpResponse<String> decided = system.postForm(link, "decision=approve&comment=go+ahead");
    assertThat(decided.statusCode()).isEqualTo(200);
    JsonNode active = json(system.get("/api/v1/requests/" + id, ALICE));
    assertThat(active.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(active.get("activatedAt").asText()).isEqualTo(system.clock.instant().toString());
    JsonNode grants = json(system.get("/local/grants", null)).get("grants");
    assertThat(grants).hasSize(1);
    assertThat(grants.get(0).get("requestId").asText()).isEqualTo(id);
    assertThat(grants.get(0).get("kind").asText()).isEqualTo("gcp.iam-binding");
    assertThat(grants.get(0).get("principal").asText()).isEqualTo(ALICE);
    assertThat(grants.get(0).get("expiresAt").asText()).isEqualTo(active.get("expiresAt").asText());

    assertThat(system.postForm(link, "decision=approve").statusCode()).isEqualTo(409);

    system.clock.advance(Duration.ofHours(1));
    system.runner.sweepNow();

    assertThat(state(id)).isEqualTo("EXPIRED");
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();
    JsonNode audit = json(system.get("/api/v1/requests/" + id + "/audit", ALICE));
    assertThat(audit.get("chainValid").asBoolean()).isTrue();
    assertThat(audit.get("events"))
        .extracting(e -> e.get("type").asText())
        .containsSubsequence("requested", "approved", "activated", "expired");
    assertThat(system.consoleText()).contains("\"type\":\"expired\"");
  }

  @Test
  void credentials_forARoleCredentialsGrant_areServedToTheRequester() {
    String id =
        json(system.post("/api/v1/requests", ALICE, "{\"entitlement\":\"aws-deploy-hotfix\"}"))
            .get("id")
            .asText();
    system.post("/api/v1/requests/" + id + "/approve", "dave@example.com", "{}");

    HttpResponse<String> creds = system.get("/api/v1/requests/" + id + "/credentials", ALICE);

    assertThat(creds.statusCode()).isEqualTo(200);
    assertThat(json(creds).get("type").asText()).isEqualTo("aws-keys");
    assertThat(json(creds).get("accessKeyId").asText()).startsWith("ASIASIMULATED");
  }

  @Test
  void credentials_forAServiceAccountToken_areABearerTokenUntilRevoked() {
    // given
    String id =
        json(system.post(
                "/api/v1/requests", ALICE, "{\"entitlement\":\"gcp-release-upload-token\"}"))
            .get("id")
            .asText();
    system.post("/api/v1/requests/" + id + "/approve", "dave@example.com", "{}");

    // when
    HttpResponse<String> creds = system.get("/api/v1/requests/" + id + "/credentials", ALICE);

    // then
    assertThat(creds.statusCode()).isEqualTo(200);
    JsonNode token = json(creds);
    assertThat(token.get("type").asText()).isEqualTo("bearer-token");
    assertThat(token.get("accessToken").asText()).startsWith("ya29.simulated-");
    assertThat(json(system.get("/local/grants", null)).get("grants"))
        .extracting(g -> g.get("kind").asText())
        .containsExactly("gcp.service-account-token");

    system.post("/api/v1/requests/" + id + "/revoke", ALICE, "{}");

    assertThat(system.get("/api/v1/requests/" + id + "/credentials", ALICE).statusCode())
        .isEqualTo(409);
    assertThat(json(system.get("/local/grants", null)).get("grants")).isEmpty();
  }

  @Test
  void withoutTheDevelopmentHeader_theApiIs401() {
    HttpResponse<String> r = system.get("/api/v1/entitlements", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").get("code").asText()).isEqualTo("unauthenticated");
    assertThat(system.get("/healthz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void restart_keepsRequestsGrantsAndWorkingLinks() {
    String id =
        json(system.post(
                "/api/v1/requests",
                ALICE,
                "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-9\"}"))
            .get("id")
            .asText();
    String link = system.approvalLink("dave@example.com", id);
    system.close();

    system = new RunningSystem(data);
    String moved = link.replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + system.runner.port());

    assertThat(system.postForm(moved, "decision=approve").statusCode()).isEqualTo(200);
    assertThat(state(id)).isEqualTo("ACTIVE");
  }

  @Test
  void eightApproversOverHttpAtOnce_getOne200SevenConflictsAndOneGrant() throws Exception {
    String id =
        json(system.post(
                "/api/v1/requests",
                ALICE,
                "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-8\"}"))
            .get("id")
            .asText();
    java.util.List<String> approvers =
        java.util.List.of(
            "carol@example.com",
            "dave@example.com",
            "carol@example.com",
            "dave@example.com",
            "carol@example.com",
            "dave@example.com",
            "carol@example.com",
            "dave@example.com");
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    for (String approver : approvers) {
      statuses.add(
          pool.submit(
              () -> {
                go.await();
                return system
                    .post("/api/v1/requests/" + id + "/approve", approver, "{}")
                    .statusCode();
              }));
    }
    go.countDown();
    java.util.List<Integer> results = new java.util.ArrayList<>();
    for (var status : statuses) {
      results.add(status.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(results).filteredOn(s -> s == 200).hasSize(1);
    assertThat(results).filteredOn(s -> s == 409).hasSize(7);
    assertThat(state(id)).isEqualTo("ACTIVE");
    assertThat(system.runner.cloud().grants()).hasSize(1);
    long grantsInAudit =
        java.util.stream.StreamSupport.stream(
                json(system.get("/api/v1/requests/" + id + "/audit", ALICE))
                    .get("events")
                    .spliterator(),
                false)
            .filter(e -> e.get("type").asText().equals("activated"))
            .count();
    assertThat(grantsInAudit).isEqualTo(1);
  }
}
