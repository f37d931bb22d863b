package dev.jitgate.http;

import static dev.jitgate.http.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.RequestId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One test per row of API.md's endpoint table, called as a client would. */
class EndpointsTest {
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";
  private static final String ERIN = "erin@example.com";
  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void healthz_answersOkWithoutSignIn() {
    HttpResponse r = api.get("/healthz", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(r.header("content-type")).startsWith("application/json");
  }

  @Test
  void entitlements_listsOnlyWhatTheCallerMayRequest() {
    JsonNode alice = json(api.get("/api/v1/entitlements", ALICE));
    JsonNode mallory = json(api.get("/api/v1/entitlements", "mallory@example.com"));

    assertThat(alice.get("entitlements")).hasSize(6);
    JsonNode first = alice.get("entitlements").get(0);
    assertThat(first.get("id").asText()).isEqualTo("gcp-prod-storage-admin");
    assertThat(first.get("cloud").asText()).isEqualTo("gcp");
    assertThat(first.get("kind").asText()).isEqualTo("gcp.iam-binding");
    assertThat(first.get("approvalsRequired").asInt()).isEqualTo(1);
    assertThat(first.get("duration").get("default").asText()).isEqualTo("PT1H");
    assertThat(first.get("duration").get("max").asText()).isEqualTo("PT4H");
    assertThat(first.get("justification").get("required").asBoolean()).isTrue();
    assertThat(first.get("justification").get("pattern").asText()).isEqualTo("^(INC|CHG)-[0-9]+");
    assertThat(mallory.get("entitlements")).isEmpty();
  }

  @Test
  void createRequest_answers201WithLocationAndTheRequest() {
    HttpResponse r =
        api.post(
            "/api/v1/requests",
            ALICE,
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"duration\":\"PT30M\","
                + "\"justification\":\"INC-42: restore the billing bucket\"}");

    assertThat(r.status()).isEqualTo(201);
    JsonNode body = json(r);
    assertThat(r.header("Location")).isEqualTo("/api/v1/requests/" + body.get("id").asText());
    assertThat(body.get("entitlement").asText()).isEqualTo("gcp-prod-storage-admin");
    assertThat(body.get("cloud").asText()).isEqualTo("gcp");
    assertThat(body.get("requester").asText()).isEqualTo(ALICE);
    assertThat(body.get("state").asText()).isEqualTo("PENDING");
    assertThat(body.get("duration").asText()).isEqualTo("PT30M");
    assertThat(body.get("createdAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(body.get("approvalDeadline").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(body.get("approvalsRequired").asInt()).isEqualTo(1);
    assertThat(body.get("approvals")).isEmpty();
    assertThat(body.has("expiresAt")).isFalse();
    assertThat(body.get("version").asLong()).isPositive();
  }

  @Test
  void createRequest_withoutDuration_usesTheEntitlementDefault() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertThat(json(api.get("/api/v1/requests/" + id, ALICE)).get("duration").asText())
        .isEqualTo("PT1H");
  }

  @Test
  void listRequests_showsOwnNewestFirst_orThoseToDecide_filteredByState() {
    String first = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    api.h.clock.advance(Duration.ofMinutes(1));
    String second = api.create(ALICE, "gcp-prod-two-person", "");
    api.post("/api/v1/requests/" + first + "/cancel", ALICE, "{}");

    JsonNode mine = json(api.get("/api/v1/requests", ALICE));
    JsonNode pending = json(api.get("/api/v1/requests?role=requester&state=PENDING", ALICE));
    JsonNode toDecide = json(api.get("/api/v1/requests?role=approver", CAROL));

    assertThat(mine.get("requests"))
        .extracting(n -> n.get("id").asText())
        .containsExactly(second, first);
    assertThat(pending.get("requests"))
        .extracting(n -> n.get("id").asText())
        .containsExactly(second);
    assertThat(toDecide.get("requests"))
        .extracting(n -> n.get("id").asText())
        .containsExactly(second);
  }

  @Test
  void getRequest_forTheRequesterOrAnApprover() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertThat(api.get("/api/v1/requests/" + id, ALICE).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/requests/" + id, CAROL).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/requests/" + id, "mallory@example.com").status()).isEqualTo(404);
  }

  @Test
  void approve_activatesAOneApprovalRequest() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse r = api.post("/api/v1/requests/" + id + "/approve", CAROL, "{\"comment\":\"go\"}");

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(body.get("approvals").get(0).get("approver").asText()).isEqualTo(CAROL);
    assertThat(body.get("approvals").get(0).get("comment").asText()).isEqualTo("go");
    assertThat(body.get("activatedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(body.get("expiresAt").asText()).isEqualTo("2026-11-21T11:00:00Z");
  }

  @Test
  void deny_recordsTheDenial() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse r = api.post("/api/v1/requests/" + id + "/deny", ERIN, "{\"reason\":\"not now\"}");

    assertThat(r.status()).isEqualTo(200);
    JsonNode denial = json(r).get("denial");
    assertThat(denial.get("by").asText()).isEqualTo(ERIN);
    assertThat(denial.get("reason").asText()).isEqualTo("not now");
    assertThat(json(r).get("state").asText()).isEqualTo("DENIED");
  }

  @Test
  void cancel_acceptsAnEmptyBodyOrAnEmptyObject_withTheJsonType() {
    String a = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String b = api.create(ALICE, "gcp-prod-storage-admin", "INC-2");

    HttpResponse bare =
        api.call(
            "POST",
            "/api/v1/requests/" + a + "/cancel",
            ALICE,
            java.util.Map.of("Content-Type", "application/json"),
            null);
    HttpResponse empty = api.post("/api/v1/requests/" + b + "/cancel", ALICE, "{}");

    assertThat(bare.status()).isEqualTo(200);
    assertThat(json(bare).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(empty.status()).isEqualTo(200);
  }

  @Test
  void revoke_endsActiveAccessEarly() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");

    HttpResponse r = api.post("/api/v1/requests/" + id + "/revoke", ALICE, "{\"reason\":\"done\"}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("state").asText()).isEqualTo("REVOKED");
    assertThat(json(r).get("endedBy").asText()).isEqualTo(ALICE);
    assertThat(json(r).get("endReason").asText()).isEqualTo("done");
    assertThat(api.h.gcp.revokes()).hasSize(1);
  }

  @Test
  void audit_returnsTheEventsWithTheChainVerified() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");

    JsonNode audit = json(api.get("/api/v1/requests/" + id + "/audit", CAROL));

    assertThat(audit.get("chainValid").asBoolean()).isTrue();
    JsonNode first = audit.get("events").get(0);
    assertThat(first.get("seq").asInt()).isEqualTo(1);
    assertThat(first.get("type").asText()).isEqualTo("requested");
    assertThat(first.get("actor").asText()).isEqualTo(ALICE);
    assertThat(first.get("details").get("justification").asText()).isEqualTo("INC-1");
    assertThat(first.get("prev").asText()).hasSize(64);
    assertThat(first.get("hash").asText()).hasSize(64);
    assertThat(audit.get("events"))
        .extracting(e -> e.get("type").asText())
        .contains("approved", "activated", "notified");
  }

  @Test
  void credentials_areServedToTheRequesterOfAnActiveCredentialsGrantOnly() {
    String id = api.create(ALICE, "aws-deploy-credentials", "CHG-1");
    assertThat(api.get("/api/v1/requests/" + id + "/credentials", ALICE).status()).isEqualTo(409);
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");

    HttpResponse r = api.get("/api/v1/requests/" + id + "/credentials", ALICE);

    assertThat(r.status()).isEqualTo(200);
    JsonNode creds = json(r);
    assertThat(creds.get("type").asText()).isEqualTo("aws-keys");
    assertThat(creds.get("accessKeyId").asText()).startsWith("ASIATESTONLY");
    assertThat(creds.get("secretAccessKey").asText()).isNotBlank();
    assertThat(creds.get("sessionToken").asText()).isNotBlank();
    assertThat(creds.get("expiration").asText()).isEqualTo("2026-11-21T11:00:00Z");
    assertThat(api.get("/api/v1/requests/" + id + "/credentials", CAROL).status()).isEqualTo(403);
    assertThat(dev.jitgate.store.RequestDocument.toJson(api.h.stored(new RequestId(id))))
        .doesNotContain(creds.get("secretAccessKey").asText())
        .doesNotContain(creds.get("sessionToken").asText());
  }

  @Test
  void credentials_ofAServiceAccountToken_areABearerTokenServedToTheRequesterOnly() {
    // given
    String id = api.create(ALICE, "gcp-deploy-token", "");
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");

    // when
    HttpResponse r = api.get("/api/v1/requests/" + id + "/credentials", ALICE);

    // then
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("cache-control")).isEqualTo("no-store");
    JsonNode creds = json(r);
    assertThat(creds.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly("type", "accessToken", "expiration");
    assertThat(creds.get("type").asText()).isEqualTo("bearer-token");
    assertThat(creds.get("accessToken").asText()).isEqualTo("ya29.test-only-" + id);
    assertThat(creds.get("expiration").asText()).isEqualTo("2026-11-21T11:00:00Z");
    assertThat(api.get("/api/v1/requests/" + id + "/credentials", CAROL).status()).isEqualTo(403);
    assertThat(dev.jitgate.store.RequestDocument.toJson(api.h.stored(new RequestId(id))))
        .doesNotContain(creds.get("accessToken").asText());
  }

  @Test
  void credentials_ofAServiceAccountToken_afterEarlyRevoke_are409() {
    // given
    String id = api.create(ALICE, "gcp-deploy-token", "");
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");
    assertThat(api.get("/api/v1/requests/" + id + "/credentials", ALICE).status()).isEqualTo(200);

    // when
    HttpResponse revoked = api.post("/api/v1/requests/" + id + "/revoke", ALICE, "{}");

    // then
    assertThat(revoked.status()).isEqualTo(200);
    HttpResponse r = api.get("/api/v1/requests/" + id + "/credentials", ALICE);
    assertThat(r.status()).isEqualTo(409);
    assertThat(json(r).get("error").get("code").asText()).isEqualTo("conflict");
  }

  @Test
  void approvers_racingThroughTheApi_getOne200SevenConflictsAndOneGrant() throws Exception {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    List<String> approvers =
        List.of(CAROL, "dave@example.com", ERIN, CAROL, "dave@example.com", ERIN, CAROL, ERIN);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (String approver : approvers) {
      statuses.add(
          pool.submit(
              () -> {
                start.await();
                return api.post("/api/v1/requests/" + id + "/approve", approver, "{}").status();
              }));
    }
    start.countDown();
    List<Integer> results = new ArrayList<>();
    for (Future<Integer> f : statuses) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(results).filteredOn(s -> s == 200).hasSize(1);
    assertThat(results).filteredOn(s -> s == 409).hasSize(7);
    assertThat(api.h.gcp.grants()).hasSize(1);
  }
}
