package dev.jitgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.bench.Stats;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lifecycles per second through the local runner over HTTP on loopback: request, approve (which
 * grants on the simulated cloud), revoke, one after the other, with the p50 and p99 of one
 * lifecycle. The runner is the real one: the embedded H2 file store, mail to the outbox folder, the
 * example policy. {@code --quick} runs fewer.
 */
public final class LocalHttpBench {
  private LocalHttpBench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int warmUp = quick ? 30 : 100;
    int count = quick ? 200 : 1000;
    System.out.println(
        "# lifecycle benchmark on the local runner over HTTP" + (quick ? " (quick)" : ""));
    System.out.println("# " + Stats.environment());
    Path data = Files.createTempDirectory("jitgate-bench-local");
    try (RunningSystem system = new RunningSystem(data)) {
      for (int i = 0; i < warmUp; i++) {
        lifecycle(system);
      }
      long[] each = new long[count];
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long s = System.nanoTime();
        lifecycle(system);
        each[i] = System.nanoTime() - s;
      }
      long total = System.nanoTime() - t0;
      System.out.println(Stats.HEADER);
      Stats.row(
          System.out,
          "lifecycle",
          "local runner over HTTP (H2 file, outbox mail): " + count + " lifecycles, 3 calls each",
          String.format(
              java.util.Locale.ROOT,
              "%.0f/s; p50 %s, p99 %s",
              count / (total / 1e9),
              Stats.ms(Stats.quantile(each, 0.5)),
              Stats.ms(Stats.quantile(each, 0.99))),
          "",
          "");
    }
    System.exit(0);
  }

  private static void lifecycle(RunningSystem system) {
    HttpResponse<String> created =
        system.post(
            "/api/v1/requests",
            "alice@example.com",
            "{\"entitlement\":\"gcp-sandbox-editor\",\"justification\":\"bench\"}");
    String id = expect(created, 201, "PENDING").path("id").asText();
    expect(
        system.post("/api/v1/requests/" + id + "/approve", "carol@example.com", "{}"),
        200,
        "ACTIVE");
    expect(
        system.post("/api/v1/requests/" + id + "/revoke", "alice@example.com", "{}"),
        200,
        "REVOKED");
  }

  private static JsonNode expect(HttpResponse<String> response, int status, String state) {
    JsonNode body = RunningSystem.json(response);
    if (response.statusCode() != status || !state.equals(body.path("state").asText())) {
      throw new IllegalStateException(
          "expected " + status + " " + state + ", got " + response.statusCode() + " " + body);
    }
    return body;
  }
}
