package dev.jitgate.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.jitgate.azure.handler.ApiFunction;
import dev.jitgate.azure.handler.SweepFunction;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The function app that {@code mvn package} staged in {@code target/azure-functions/jitgate}: its
 * bindings match the handlers' annotations, host.json declares the extension bundle and no route
 * prefix, and no Netty came along. Prints the app's size.
 */
class FunctionAppIT {
  private static final Path APP = Path.of("target", "azure-functions", "jitgate");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void apiFunctionJson_matchesTheHandlersHttpTrigger() throws Exception {
    Method run = annotated(ApiFunction.class);
    HttpTrigger trigger = parameterAnnotation(run, HttpTrigger.class);
    JsonNode function = read(APP.resolve(name(run)).resolve("function.json"));
    JsonNode in = function.get("bindings").get(0);

    assertThat(function.get("entryPoint").asText()).isEqualTo(ApiFunction.class.getName() + ".run");
    assertThat(in.get("type").asText()).isEqualTo("httpTrigger");
    assertThat(in.get("route").asText()).isEqualTo(trigger.route()).isEqualTo("{*path}");
    assertThat(in.get("authLevel").asText()).isEqualTo("ANONYMOUS");
    assertThat(in.get("dataType").asText()).isEqualTo("binary");
    assertThat(texts(in.get("methods")))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(trigger.methods()).map(HttpMethod::name).toList())
        .contains("GET", "POST");
  }

  @Test
  void sweepFunctionJson_matchesTheHandlersTimerTrigger() throws Exception {
    Method run = annotated(SweepFunction.class);
    TimerTrigger trigger = parameterAnnotation(run, TimerTrigger.class);
    JsonNode function = read(APP.resolve(name(run)).resolve("function.json"));
    JsonNode in = function.get("bindings").get(0);

    assertThat(function.get("entryPoint").asText())
        .isEqualTo(SweepFunction.class.getName() + ".run");
    assertThat(in.get("type").asText()).isEqualTo("timerTrigger");
    assertThat(in.get("schedule").asText())
        .isEqualTo(trigger.schedule())
        .isEqualTo("0 */1 * * * *");
  }

  @Test
  void hostJson_declaresTheExtensionBundle_andNoRoutePrefix() throws Exception {
    JsonNode host = read(APP.resolve("host.json"));

    assertThat(host.at("/extensionBundle/id").asText())
        .isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
    assertThat(host.at("/extensionBundle/version").asText()).isEqualTo("[4.*, 5.0.0)");
    assertThat(host.at("/extensions/http/routePrefix").asText()).isEmpty();
  }

  @Test
  void lib_holdsTheJdkHttpClient_andNoNetty() throws Exception {
    List<String> jars = jarNames();

    assertThat(jars).anyMatch(n -> n.startsWith("azure-core-http-jdk-httpclient-"));
    assertThat(jars).noneMatch(n -> n.contains("netty"));
    long bytes;
    try (Stream<Path> files = Files.walk(APP)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(FunctionAppIT::size).sum();
    }
    System.out.printf(
        "function app %s: %d files in lib/, %.1f MB%n", APP, jars.size(), bytes / 1e6);
  }

  private static Method annotated(Class<?> handler) {
    return Arrays.stream(handler.getMethods())
        .filter(m -> m.isAnnotationPresent(FunctionName.class))
        .findFirst()
        .orElseThrow();
  }

  private static String name(Method method) {
    return method.getAnnotation(FunctionName.class).value();
  }

  private static <A extends java.lang.annotation.Annotation> A parameterAnnotation(
      Method method, Class<A> type) {
    for (Parameter parameter : method.getParameters()) {
      A found = parameter.getAnnotation(type);
      if (found != null) {
        return found;
      }
    }
    throw new AssertionError(method + " has no @" + type.getSimpleName() + " parameter");
  }

  private static List<String> texts(JsonNode array) {
    return Stream.iterate(0, i -> i < array.size(), i -> i + 1)
        .map(i -> array.get(i).asText())
        .toList();
  }

  private static List<String> jarNames() throws IOException {
    try (Stream<Path> jars = Files.list(APP.resolve("lib"))) {
      return jars.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
