package dev.jitgate.http;

import static dev.jitgate.http.ApiClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per row of API.md's error table: the status, the code, and nothing stored. */
class ErrorsTest {
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";
  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  private static void assertError(HttpResponse r, int status, String code) {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    JsonNode error = json(r).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(json(r).size()).isEqualTo(1);
  }

  private void assertNothingStored() {
    assertThat(api.h.store.byRequester(new dev.jitgate.domain.UserId(ALICE), 10)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          malformed JSON              | {"entitlement":
          not an object               | ["gcp-prod-storage-admin"]
          unknown field               | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","role":"admin"}
          mistyped field              | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","duration":60}
          missing required field      | {"justification":"INC-1"}
          unparsable duration         | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","duration":"an hour"}
          duration over the max       | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","duration":"PT5H"}
          duration under the min      | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","duration":"PT1M"}
          negative duration           | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1","duration":"-PT1H"}
          justification missing       | {"entitlement":"gcp-prod-storage-admin"}
          justification off pattern   | {"entitlement":"gcp-prod-storage-admin","justification":"because"}
          unknown entitlement         | {"entitlement":"no-such-entitlement","justification":"INC-1"}
          impossible entitlement id   | {"entitlement":"../../etc/passwd","justification":"INC-1"}
          control character           | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1\\u0000"}
          duplicate field             | {"entitlement":"gcp-prod-storage-admin","entitlement":"gcp-prod-two-person"}
          trailing text               | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1"} not json
          trailing brackets           | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1"}]]]
          two JSON values             | {"entitlement":"gcp-prod-storage-admin","justification":"INC-1"} {}
          """)
  void badRequestBody_is400InvalidRequest_andStoresNothing(String why, String body) {
    assertError(api.post("/api/v1/requests", ALICE, body), 400, "invalid_request");
    assertNothingStored();
  }

  @Test
  void textOverItsLimit_is400() {
    String body =
        "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-1 "
            + "x".repeat(1024)
            + "\"}";

    HttpResponse r = api.post("/api/v1/requests", ALICE, body);

    assertError(r, 400, "invalid_request");
    assertThat(json(r).get("error").get("message").asText()).contains("1024");
    assertNothingStored();
  }

  @Test
  void denyWithoutAReason_is400() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertError(api.post("/api/v1/requests/" + id + "/deny", CAROL, "{}"), 400, "invalid_request");
    assertThat(api.h.stored(new RequestId(id)).state().name()).isEqualTo("PENDING");
  }

  @Test
  void badQueryParameter_is400() {
    assertError(api.get("/api/v1/requests?role=boss", ALICE), 400, "invalid_request");
    assertError(api.get("/api/v1/requests?state=ASLEEP", ALICE), 400, "invalid_request");
  }

  @Test
  void noCaller_is401() {
    assertError(api.get("/api/v1/entitlements", null), 401, "unauthenticated");
    assertError(
        api.post("/api/v1/requests", null, "{\"entitlement\":\"gcp-prod-storage-admin\"}"),
        401,
        "unauthenticated");
  }

  @Test
  void notEligibleToRequest_is403() {
    HttpResponse r =
        api.post(
            "/api/v1/requests",
            "mallory@example.com",
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-1\"}");

    assertError(r, 403, "forbidden");
  }

  @Test
  void approvingOrDenyingOwnRequest_is403() {
    String id = api.create("dave@example.com", "gcp-prod-storage-admin", "INC-1");

    assertError(
        api.post("/api/v1/requests/" + id + "/approve", "dave@example.com", "{}"),
        403,
        "forbidden");
    assertError(
        api.post("/api/v1/requests/" + id + "/deny", "dave@example.com", "{\"reason\":\"x\"}"),
        403,
        "forbidden");
  }

  @Test
  void unknownOrInvisibleRequest_andUnknownPath_are404() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertError(api.get("/api/v1/requests/AAAAAAAAAAAAAAAAAAAAAA", ALICE), 404, "not_found");
    assertError(api.get("/api/v1/requests/not*an*id", ALICE), 404, "not_found");
    assertError(api.get("/api/v1/requests/" + id, "mallory@example.com"), 404, "not_found");
    assertError(
        api.post("/api/v1/requests/" + id + "/approve", "mallory@example.com", "{}"),
        404,
        "not_found");
    assertError(api.get("/api/v2/requests", ALICE), 404, "not_found");
    assertError(api.get("/nothing-here", ALICE), 404, "not_found");
    assertError(api.get("/api/v1/requests/" + id + "/frobnicate", ALICE), 404, "not_found");
  }

  @Test
  void knownPathWithTheWrongMethod_is405WithAllow() {
    HttpResponse r = api.call("DELETE", "/api/v1/requests", ALICE, Map.of(), null);

    assertError(r, 405, "method_not_allowed");
    assertThat(r.header("Allow")).isEqualTo("GET, POST");
    assertError(
        api.get("/api/v1/requests/AAAAAAAAAAAAAAAAAAAAAA/approve", ALICE),
        405,
        "method_not_allowed");
    assertError(api.call("POST", "/healthz", null, Map.of(), null), 405, "method_not_allowed");
  }

  @Test
  void transitionNotAllowedInTheState_is409() {
    String denied = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    api.post("/api/v1/requests/" + denied + "/deny", CAROL, "{\"reason\":\"no\"}");
    String active = api.create(ALICE, "gcp-prod-storage-admin", "INC-2");
    api.post("/api/v1/requests/" + active + "/approve", CAROL, "{}");
    String twoPerson = api.create(ALICE, "gcp-prod-two-person", "");
    api.post("/api/v1/requests/" + twoPerson + "/approve", CAROL, "{}");
    long version = api.h.stored(new RequestId(twoPerson)).version();

    assertError(api.post("/api/v1/requests/" + denied + "/approve", CAROL, "{}"), 409, "conflict");
    assertError(api.post("/api/v1/requests/" + active + "/cancel", ALICE, "{}"), 409, "conflict");
    assertError(
        api.post("/api/v1/requests/" + twoPerson + "/approve", CAROL, "{}"), 409, "conflict");
    assertThat(api.h.stored(new RequestId(twoPerson)).version()).isEqualTo(version);
  }

  @Test
  void bodyOver64KiB_is413() {
    String big =
        "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\""
            + "x".repeat(70_000)
            + "\"}";

    assertError(api.post("/api/v1/requests", ALICE, big), 413, "payload_too_large");
    assertNothingStored();
  }

  @Test
  void postThatIsNotJson_is415() {
    HttpResponse r =
        api.call(
            "POST",
            "/api/v1/requests",
            ALICE,
            Map.of("Content-Type", "text/plain"),
            "{\"entitlement\":\"gcp-prod-storage-admin\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse noType =
        api.call(
            "POST",
            "/api/v1/requests",
            ALICE,
            Map.of(),
            "{\"entitlement\":\"gcp-prod-storage-admin\"}".getBytes(StandardCharsets.UTF_8));

    assertError(r, 415, "unsupported_media_type");
    assertError(noType, 415, "unsupported_media_type");
    assertNothingStored();
  }

  @Test
  void jsonWithACharset_isAccepted() {
    HttpResponse r =
        api.call(
            "POST",
            "/api/v1/requests",
            ALICE,
            Map.of("Content-Type", "application/json; charset=utf-8"),
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-1\"}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(201);
  }

  @Test
  void anythingElse_is500Internal_withoutInternals() {
    Authenticator broken =
        headers -> {
          throw new IllegalStateException("db password=hunter2 at com.example.Secret");
        };
    Router router = new Router(api.h.service, broken, api.h.tokens);

    HttpResponse r =
        router.handle(new HttpRequest("GET", "/api/v1/entitlements", Map.of(), Map.of(), null));

    assertError(r, 500, "internal");
    assertThat(r.bodyText())
        .doesNotContain("hunter2")
        .doesNotContain("IllegalState")
        .contains("incident");
  }

  @Test
  void trailingDataAfterAnEmptyObject_doesNotCancel() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse r = api.post("/api/v1/requests/" + id + "/cancel", ALICE, "{}xyz");

    assertError(r, 400, "invalid_request");
    assertThat(api.h.stored(new dev.jitgate.domain.RequestId(id)).state())
        .isEqualTo(dev.jitgate.domain.RequestState.PENDING);
  }

  @Test
  void overlongUtf8InABody_is400_andStoresNothing() {
    byte[] body =
        concat(
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"justification\":\"INC-1 "
                .getBytes(UTF_8),
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            "\"}".getBytes(UTF_8));

    HttpResponse r =
        api.call(
            "POST", "/api/v1/requests", ALICE, Map.of("Content-Type", "application/json"), body);

    assertError(r, 400, "invalid_request");
    assertThat(r.bodyText()).contains("not valid UTF-8");
    assertNothingStored();
  }

  @Test
  void queryOrHeaderWithMalformedText_is400() {
    assertError(api.get("/api/v1/requests?state=%C0%AF", ALICE), 400, "invalid_request");
    assertError(
        api.call("GET", "/api/v1/requests", ALICE, Map.of("X-Trace", "a\u0000b"), null),
        400,
        "invalid_request");
  }

  @Test
  void bodilessPostWithoutTheJsonType_is415_soACrossSiteFormCannotCancel() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse bare =
        api.call("POST", "/api/v1/requests/" + id + "/cancel", ALICE, Map.of(), null);
    HttpResponse form =
        api.call(
            "POST",
            "/api/v1/requests/" + id + "/cancel",
            ALICE,
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            null);

    assertError(bare, 415, "unsupported_media_type");
    assertError(form, 415, "unsupported_media_type");
    assertThat(api.h.stored(new dev.jitgate.domain.RequestId(id)).state())
        .isEqualTo(dev.jitgate.domain.RequestState.PENDING);
  }

  @Test
  void crossSitePost_is403_evenWithTheJsonType() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String path = "/api/v1/requests/" + id + "/cancel";

    HttpResponse fetchMetadata =
        api.call(
            "POST",
            path,
            ALICE,
            Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
            "{}".getBytes(UTF_8));
    HttpResponse otherOrigin =
        api.call(
            "POST",
            path,
            ALICE,
            Map.of(
                "Content-Type",
                "application/json",
                "Origin",
                "https://evil.example",
                "Host",
                "jit.example.com"),
            "{}".getBytes(UTF_8));

    assertError(fetchMetadata, 403, "forbidden");
    assertError(otherOrigin, 403, "forbidden");
    assertThat(api.h.stored(new dev.jitgate.domain.RequestId(id)).state())
        .isEqualTo(dev.jitgate.domain.RequestState.PENDING);
    HttpResponse sameOrigin =
        api.call(
            "POST",
            path,
            ALICE,
            Map.of(
                "Content-Type",
                "application/json",
                "Origin",
                "https://jit.example.com",
                "Host",
                "jit.example.com",
                "Sec-Fetch-Site",
                "same-origin"),
            "{}".getBytes(UTF_8));
    assertThat(sameOrigin.status()).isEqualTo(200);
  }

  @Test
  void cloudFailure_is500_withoutTheProvidersText() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    api.post("/api/v1/requests/" + id + "/approve", CAROL, "{}");
    api.h.gcp.failNextRevokes(1);

    HttpResponse r = api.post("/api/v1/requests/" + id + "/revoke", ALICE, "{}");

    assertError(r, 500, "internal");
    assertThat(r.bodyText()).doesNotContain("simulated").doesNotContain("unavailable");
    assertThat(r.bodyText()).contains("incident");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
