package dev.jitgate.testing.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeRuntimeApiTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void next_handsOutTheEventWithTheHeadersTheClientNeeds_andTheResponseCompletesIt()
      throws Exception {
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      CompletableFuture<FakeRuntimeApi.Answer> answer = api.offer("{\"rawPath\":\"/healthz\"}");

      HttpResponse<String> next =
          http.send(get(api, "invocation/next"), HttpResponse.BodyHandlers.ofString());
      String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      HttpResponse<String> posted =
          http.send(
              post(api, "invocation/" + id + "/response", "{\"statusCode\":200}"),
              HttpResponse.BodyHandlers.ofString());

      assertThat(next.body()).isEqualTo("{\"rawPath\":\"/healthz\"}");
      assertThat(next.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(next.headers().firstValue("Lambda-Runtime-Deadline-Ms")).isPresent();
      assertThat(posted.statusCode()).isEqualTo(202);
      FakeRuntimeApi.Answer got = answer.get(5, TimeUnit.SECONDS);
      assertThat(got.error()).isFalse();
      assertThat(got.body()).isEqualTo("{\"statusCode\":200}");
    }
  }

  @Test
  void next_fromAnOlderGeneration_isGone_andNeverTakesANewerEvent() throws Exception {
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      CompletableFuture<HttpResponse<String>> stale =
          http.sendAsync(get(api, "invocation/next"), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(200);

      api.newGeneration();
      api.offer("{\"fresh\":true}");

      assertThat(stale.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(410);
      HttpResponse<String> next =
          http.send(get(api, "invocation/next"), HttpResponse.BodyHandlers.ofString());
      assertThat(next.body()).isEqualTo("{\"fresh\":true}");
    }
  }

  @Test
  void error_completesTheAnswerAsAnError() throws Exception {
    try (FakeRuntimeApi api = new FakeRuntimeApi()) {
      CompletableFuture<FakeRuntimeApi.Answer> answer = api.offer("{}");
      String id =
          http.send(get(api, "invocation/next"), HttpResponse.BodyHandlers.ofString())
              .headers()
              .firstValue("Lambda-Runtime-Aws-Request-Id")
              .orElseThrow();

      http.send(
          post(api, "invocation/" + id + "/error", "{\"errorMessage\":\"boom\"}"),
          HttpResponse.BodyHandlers.ofString());

      assertThat(answer.get(5, TimeUnit.SECONDS).error()).isTrue();
    }
  }

  private static HttpRequest get(FakeRuntimeApi api, String path) {
    return HttpRequest.newBuilder(uri(api, path)).GET().build();
  }

  private static HttpRequest post(FakeRuntimeApi api, String path, String body) {
    return HttpRequest.newBuilder(uri(api, path))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static URI uri(FakeRuntimeApi api, String path) {
    return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
  }
}
