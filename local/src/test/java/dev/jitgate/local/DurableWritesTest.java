package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproduction: writes answered 2xx, then SIGKILL at once. With H2's delayed commit the
 * last ones were gone after a restart; every one must be there.
 */
class DurableWritesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTER = "alice@example.com";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void writesAnswered2xx_areAllThereAfterKill9AndRestart() throws Exception {
    Path data = dir.resolve("data");
    Path policy = dir.resolve("policy.yaml");
    Files.copy(RunningSystem.EXAMPLE_POLICY, policy);
    Map<String, Long> acknowledged = new LinkedHashMap<>();

    for (int round = 0; round < 3; round++) {
      ChildRunner runner = ChildRunner.start(policy, data, "PT1H");
      String last = null;
      for (int i = 0; i < 5; i++) {
        JsonNode created =
            post(
                runner.base(),
                "/api/v1/requests",
                REQUESTER,
                "{\"entitlement\":\"gcp-sandbox-editor\"}",
                201);
        last = created.get("id").asText();
        acknowledged.put(last, created.get("version").asLong());
      }
      JsonNode approved =
          post(
              runner.base(),
              "/api/v1/requests/" + last + "/approve",
              "carol@example.com",
              "{}",
              200);
      acknowledged.put(last, approved.get("version").asLong());
      assertThat(approved.get("state").asText()).isEqualTo("ACTIVE");
      runner.kill();
    }

    ChildRunner runner = ChildRunner.start(policy, data, "PT1H");
    try {
      for (Map.Entry<String, Long> write : acknowledged.entrySet()) {
        HttpResponse<String> stored =
            get(runner.base(), "/api/v1/requests/" + write.getKey(), REQUESTER);
        assertThat(stored.statusCode()).as("request %s", write.getKey()).isEqualTo(200);
        assertThat(JSON.readTree(stored.body()).get("version").asLong())
            .as("version of request %s", write.getKey())
            .isGreaterThanOrEqualTo(write.getValue());
      }
      assertThat(acknowledged).hasSize(15);
    } finally {
      runner.kill();
    }
  }

  private JsonNode post(String base, String path, String user, String body, int expected)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Jitgate-User", user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(expected);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String base, String path, String user) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-Jitgate-User", user)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
