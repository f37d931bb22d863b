package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the API handler turns real API Gateway and function URL events into the router's request, and
 * its response back. A route added for the test records what the router was given.
 */
class ApiHandlerTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final AtomicReference<HttpRequest> seen = new AtomicReference<>();

  @AfterEach
  void close() {
    harness.close();
  }

  private ApiHandler handlerRecordingAt(String method, String path) {
    Router router =
        new Router(harness.service, caller -> Caller.of("alice@example.com"), harness.tokens)
            .withRoute(
                method,
                path,
                request -> {
                  seen.set(request);
                  return HttpResponse.json(202, "{\"seen\":true}");
                });
    return new ApiHandler(router);
  }

  @Test
  void apiGatewayPost_decodesTheBase64Body() {
    ApiHandler handler = handlerRecordingAt("POST", "/api/v1/requests");

    handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);

    assertThat(seen.get().method()).isEqualTo("POST");
    assertThat(seen.get().path()).isEqualTo("/api/v1/requests");
    assertThat(new String(seen.get().body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"entitlement\":\"aws-prod-admin\",\"duration\":\"PT2H\","
                + "\"justification\":\"INC-4711: restore the billing table\"}");
  }

  @Test
  void apiGatewayPost_joinsTheCookiesIntoOneCookieHeader() {
    ApiHandler handler = handlerRecordingAt("POST", "/api/v1/requests");

    handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);

    assertThat(seen.get().first("Cookie")).contains("jitgate_theme=dark; awsalb=c2Vzc2lvbi0xMjM0");
  }

  @Test
  void setCookie_isAnsweredInTheCookiesField_andNotAsAHeader() {
    Router router =
        new Router(harness.service, caller -> Caller.of("alice@example.com"), harness.tokens)
            .withRoute(
                "POST",
                "/api/v1/requests",
                request ->
                    new HttpResponse(
                        303,
                        Map.of(
                            "Location",
                            "/console/",
                            "Set-Cookie",
                            "__Host-jitgate=v.m; Path=/; Secure; HttpOnly"),
                        null));

    APIGatewayV2HTTPResponse response =
        new ApiHandler(router).handleRequest(Events.http(Events.API_POST_REQUEST), null);

    assertThat(response.getCookies())
        .containsExactly("__Host-jitgate=v.m; Path=/; Secure; HttpOnly");
    assertThat(response.getHeaders()).doesNotContainKey("Set-Cookie");
    assertThat(response.getHeaders()).containsEntry("Location", "/console/");
  }

  @Test
  void functionUrlPost_passesAPlainBodyAndItsCookieAsSent() {
    ApiHandler handler = handlerRecordingAt("POST", "/api/v1/requests/r-1/approve");

    handler.handleRequest(Events.http(Events.URL_POST_APPROVE, "r-1"), null);

    assertThat(seen.get().path()).isEqualTo("/api/v1/requests/r-1/approve");
    assertThat(new String(seen.get().body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"comment\":\"restore approved\"}");
    assertThat(seen.get().first("cookie")).contains("jitgate_theme=light");
    assertThat(seen.get().first("Host"))
        .contains("k7xq2n4p6r8t0v2x4z6b8d0f2h4j6l8n.lambda-url.eu-west-1.on.aws");
  }

  @Test
  void headers_areFoundWhateverTheCaseTheyWereSentIn() {
    ApiHandler handler = handlerRecordingAt("POST", "/api/v1/requests");
    APIGatewayV2HTTPEvent event = Events.http(Events.API_POST_REQUEST);
    Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
    headers.remove("content-type");
    headers.put("Content-Type", "application/json");
    headers.put("X-Request-Source", "runbook");
    event.setHeaders(headers);

    handler.handleRequest(event, null);

    assertThat(seen.get().first("content-type")).contains("application/json");
    assertThat(seen.get().first("CONTENT-TYPE")).contains("application/json");
    assertThat(seen.get().first("x-request-source")).contains("runbook");
    assertThat(seen.get().headers()).containsKey("x-request-source");
  }

  @Test
  void query_isReadFromTheRawQueryStringAndDecoded() {
    ApiHandler handler = handlerRecordingAt("GET", "/api/v1/requests");

    handler.handleRequest(Events.http(Events.API_GET_REQUESTS), null);

    assertThat(seen.get().query())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("role", "approver", "state", "PENDING", "note", "a b"));
  }

  @Test
  void namedStage_isTakenOffThePathBeforeRouting() {
    ApiHandler handler = new ApiHandler(router());

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.API_NAMED_STAGE_HEALTHZ), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void response_carriesStatusHeadersAndTheBodyAsText() {
    ApiHandler handler = new ApiHandler(router());

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getIsBase64Encoded()).isFalse();
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsKey("Location");
    assertThat(response.getHeaders().get("Location")).startsWith("/api/v1/requests/");
    assertThat(response.getBody()).contains("\"entitlement\":\"aws-prod-admin\"");
    assertThat(response.getCookies()).isNull();
  }

  @Test
  void authorizerClaims_neverReachTheRouter() {
    ApiHandler handler = handlerRecordingAt("POST", "/api/v1/requests");

    handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);

    assertThat(seen.get().frontDoorClaims()).isEmpty();
  }

  private Router router() {
    return new Router(harness.service, caller -> Caller.of("alice@example.com"), harness.tokens);
  }
}
