package dev.jitgate.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slack's SDK stays off the cold path: a JVM that builds jitgate from a policy without {@code
 * slack:} and serves a request loads no class of the SDK or of what it brings (okhttp, Kotlin),
 * while the same JVM with {@code slack:} does (which shows the check can see them).
 */
class SlackColdPathTest {

  @Test
  void withoutSlackInThePolicy_noSlackClassIsLoaded() throws Exception {
    List<String> loaded = classesLoadedBy("none");

    assertThat(loaded).anyMatch(l -> l.contains("dev.jitgate.config.JitgateBuilder"));
    assertThat(loaded)
        .noneMatch(
            l ->
                l.contains(" com.slack.api.")
                    || l.contains(" okhttp3.")
                    || l.contains(" kotlin.")
                    || l.contains(" dev.jitgate.slack.Slack"));
  }

  @Test
  void withSlackInThePolicy_theSdkIsLoaded() throws Exception {
    List<String> loaded = classesLoadedBy("slack");

    assertThat(loaded).anyMatch(l -> l.contains(" com.slack.api.app_backend.SlackSignature"));
  }

  private static List<String> classesLoadedBy(String mode)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                java,
                "-Xlog:class+load=info",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                ColdPathProbe.class.getName(),
                mode)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("probe answered 201");
    return out.lines().toList();
  }
}
