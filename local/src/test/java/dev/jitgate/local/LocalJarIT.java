package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner as a newcomer starts it: {@code java -jar jitgate-local.jar} from a folder
 * that is not the repository, with no arguments but a free port. It falls back to the example
 * policy bundled in the jar and says so.
 */
class LocalJarIT {
  private static final Path JAR = Path.of("target", "jitgate-local.jar").toAbsolutePath();
  private static final Pattern BANNER = Pattern.compile("jitgate local runner on (http://\\S+)");

  @Test
  void jarStartedOutsideTheRepository_runsOnTheBundledExamplePolicy(@TempDir Path folder)
      throws Exception {
    Process runner =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--port",
                "0")
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .start();
    try {
      List<String> lines = new ArrayList<>();
      String base = null;
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
      for (String line; base == null && (line = out.readLine()) != null; ) {
        lines.add(line);
        Matcher banner = BANNER.matcher(line);
        if (banner.find()) {
          base = banner.group(1);
        }
      }
      assertThat(base).as("the banner, in %s", lines).isNotNull();
      assertThat(lines).anyMatch(l -> l.contains("using the example policy bundled in the jar"));

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> entitlements =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/entitlements"))
                  .header("X-Jitgate-User", "alice@example.com")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(entitlements.statusCode()).isEqualTo(200);
      assertThat(entitlements.body()).contains("gcp-sandbox-editor");
      assertThat(folder.resolve("jitgate-data")).isDirectory();
    } finally {
      runner.destroy();
      if (!runner.waitFor(10, TimeUnit.SECONDS)) {
        runner.destroyForcibly();
      }
    }
  }
}
