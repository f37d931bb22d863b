package dev.jitgate.azure.bench;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.jitgate.azure.handler.ApiFunction;
import dev.jitgate.azure.handler.Messages;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One cold start of {@code bench/azure-cold-start}, in a fresh JVM on the staged function app's
 * classpath: builds the HTTP function as the Java worker does (its no-argument constructor, whose
 * composition root reads the process environment), calls its {@code api} method with {@code GET
 * /api/v1/requests} and the bearer token in the file given, and prints the wall-clock time of the
 * first response. Anything but a 200 listing the bench's request fails it.
 */
public final class ColdStartProbe {
  static final String ENTITLEMENT = "azure-prod-reader";
  static final String JUSTIFICATION = "INC-4711: Azure cold-start bench";

  private ColdStartProbe() {}

  public static void main(String[] args) throws IOException {
    long mainAt = System.currentTimeMillis();
    if (args.length != 1) {
      System.err.println("usage: ColdStartProbe TOKEN-FILE");
      System.exit(2);
    }
    String token = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).strip();
    // The worker's path: a new instance, whose constructor builds AzureWiring.instance().
    ApiFunction function = new ApiFunction();
    long initAt = System.currentTimeMillis();
    HttpResponseMessage response =
        function.run(
            Messages.request(
                "GET",
                System.getenv("JITGATE_BASE_URL") + "/api/v1/requests",
                Map.of("Authorization", "Bearer " + token, "Accept", "application/json"),
                null),
            new Invocation());
    long respondedAt = System.currentTimeMillis();
    System.out.println(
        "first-response-at="
            + respondedAt
            + " jvm-start="
            + ManagementFactory.getRuntimeMXBean().getStartTime()
            + " main="
            + mainAt
            + " init-done="
            + initAt
            + " status="
            + response.getStatusCode());
    String body = ((Messages.Response) response).text();
    if (response.getStatusCode() != 200 || !body.contains(JUSTIFICATION)) {
      System.err.println("unexpected response " + response.getStatusCode() + ": " + body);
      System.exit(1);
    }
  }

  /** What the worker passes with each invocation; the function does not use it. */
  static final class Invocation implements ExecutionContext {
    private final String id = UUID.randomUUID().toString();

    @Override
    public Logger getLogger() {
      return Logger.getLogger("Host.Function.api");
    }

    @Override
    public String getInvocationId() {
      return id;
    }

    @Override
    public String getFunctionName() {
      return "api";
    }
  }
}
