package dev.jitgate.gcp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API function served by Google's real invoker over HTTP: what the router is given, and what
 * the client gets back. A route added for the test records the router's request.
 */
class ApiFunctionInvokerTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final AtomicReference<HttpRequest> seen = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private InvokerServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    harness.close();
  }

  private InvokerServer serving(String method, String path) throws Exception {
    Router router =
        new Router(harness.service, caller -> Caller.of("alice@example.com"), harness.tokens)
            .withRoute(
                method,
                path,
                request -> {
                  seen.set(request);
                  return new HttpResponse(
                      202,
                      java.util.Map.of(
                          "Content-Type", "application/json", "Cache-Control", "no-store"),
                      "{\"seen\":true}".getBytes(StandardCharsets.UTF_8));
                });
    server = InvokerServer.serving(new ApiFunction(router));
    return server;
  }

  @Test
  void post_reachesTheRouterWithPathRawQueryHeadersAndBody() throws Exception {
    serving("POST", "/api/v1/requests");

    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/requests?note=a%26b&x=1"))
                .header("Content-Type", "application/json")
                .header("X-Request-Tag", "t-1")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"entitlement\":\"gcp-prod-storage-admin\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("{\"seen\":true}");
    assertThat(response.headers().firstValue("cache-control")).contains("no-store");
    HttpRequest request = seen.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/requests");
    assertThat(request.query()).containsEntry("note", "a&b").containsEntry("x", "1");
    assertThat(request.first("x-request-tag")).contains("t-1");
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"entitlement\":\"gcp-prod-storage-admin\"}");
  }

  @Test
  void bodyOver64KiB_isAnswered413_andChangesNothing() throws Exception {
    server =
        InvokerServer.serving(
            new ApiFunction(
                new Router(
                    harness.service, caller -> Caller.of("alice@example.com"), harness.tokens)));

    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/requests"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x".repeat(70_000)))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("payload_too_large");
    assertThat(harness.store.byRequester(new dev.jitgate.domain.UserId("alice@example.com"), 10))
        .isEmpty();
  }

  @Test
  void invoker_listensOnLoopbackOnly() throws Exception {
    serving("GET", "/healthz");

    assertThat(server.boundHost()).isEqualTo("127.0.0.1");
  }
}
