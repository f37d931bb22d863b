package dev.jitgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.aws.bench.BenchEnvironment;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.coldstart.FakeRuntimeApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provided.al2023 package that {@code -Pcustom-runtime} built, end to end: unzipped as Lambda
 * unpacks it, its {@code bootstrap} starts the runtime interface client on the package's own JRE
 * against a fake Runtime API and answers an event, and the JVM maps the package's AOT cache or
 * class-data archive (it is told to fail the start otherwise) and loads jitgate's own classes from
 * it. Runs only with the profile, which names the zip.
 */
@EnabledIfSystemProperty(named = "jitgate.customRuntimeZip", matches = ".+")
class CustomRuntimeIT {
  private static final Path ZIP = Path.of(System.getProperty("jitgate.customRuntimeZip", ""));
  private static final Path LAYER = Path.of(System.getProperty("jitgate.customRuntimeLayer", ""));

  @TempDir Path root;

  @Test
  void bootstrap_servesAnEvent_withTheArchiveMapped() throws Exception {
    // given the function and its JRE layer unpacked elsewhere than where they were built, as
    // Lambda unpacks them (modes and modification times kept)
    Path task = Files.createDirectory(root.resolve("task"));
    Path opt = Files.createDirectory(root.resolve("opt"));
    unzip(ZIP, task);
    unzip(LAYER, opt);
    assertThat(task.resolve("bootstrap")).isExecutable();
    Path classes = root.resolve("classes.log");
    boolean aot = Files.exists(task.resolve("jitgate.aot"));

    try (IdentityProviderStub idp = new IdentityProviderStub();
        FakeRuntimeApi runtimeApi = new FakeRuntimeApi()) {
      CompletableFuture<FakeRuntimeApi.Answer> answer = runtimeApi.offer(healthzEvent());
      ProcessBuilder bootstrap = new ProcessBuilder(task.resolve("bootstrap").toString());
      Map<String, String> env = bootstrap.environment();
      // A DynamoDB endpoint nothing listens on: /healthz asks no store.
      env.putAll(
          BenchEnvironment.function(
              1,
              idp.jwksUri(),
              Path.of("target/test-classes", TestEnvironments.POLICY).toAbsolutePath().toString()));
      env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
      env.put("LAMBDA_TASK_ROOT", task.toString());
      env.put("_HANDLER", "dev.jitgate.aws.handler.ApiHandler::handleRequest");
      env.put("JITGATE_JRE", opt.resolve("jre").toString());
      // -XX:AOTMode=on (an AOT cache) or -Xshare:on (an AppCDS archive): the JVM refuses to start
      // when it cannot map the package's archive.
      String mapOrFail = aot ? "-XX:AOTMode=on" : "-Xshare:on";
      env.put("JAVA_TOOL_OPTIONS", mapOrFail + " -Xlog:class+load=info:file=" + classes);
      bootstrap.redirectErrorStream(true).redirectOutput(root.resolve("bootstrap.log").toFile());
      Process process = bootstrap.start();
      FakeRuntimeApi.Answer answered;
      try {
        // when
        answered = answer.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(
            "no answer within 60 s; the runtime's output:\n"
                + Files.readString(root.resolve("bootstrap.log"), StandardCharsets.UTF_8),
            e);
      } finally {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }

      // then
      assertThat(answered.error()).as(answered.body()).isFalse();
      assertThat(answered.body()).contains("\"statusCode\":200");
    }
    List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
    assertThat(loaded)
        .filteredOn(line -> line.contains(" dev.jitgate.aws.handler.ApiHandler "))
        .singleElement()
        .asString()
        // an AOT cache is one static archive; an AppCDS archive is the top layer over the JDK's
        .contains(aot ? "source: shared objects file" : "source: shared objects file (top)");
    assertThat(loaded.stream().filter(line -> line.contains("source: shared objects file")))
        .hasSizeGreaterThan(loaded.size() * 8 / 10);
  }

  private static void unzip(Path zip, Path into) throws Exception {
    Process unzip =
        new ProcessBuilder("unzip", "-q", zip.toAbsolutePath().toString(), "-d", into.toString())
            .inheritIO()
            .start();
    assertThat(unzip.waitFor()).isZero();
  }

  private static String healthzEvent() throws IOException {
    return Files.readString(
        Path.of("target/test-classes/events/apigw-http-named-stage-healthz.json"),
        StandardCharsets.UTF_8);
  }
}
