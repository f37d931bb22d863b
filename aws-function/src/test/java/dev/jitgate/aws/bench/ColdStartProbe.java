package dev.jitgate.aws.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jitgate.aws.AwsClients;
import dev.jitgate.aws.handler.ApiHandler;
import dev.jitgate.aws.store.DynamoRequestStore;
import dev.jitgate.config.Environment;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java side of {@code bench/cold-start}. {@code setup} creates the table in DynamoDB Local and
 * stores one request for the bench's caller; {@code probe EVENT} is one cold start: it builds the
 * API handler from the environment as Lambda's init does, loads the event as the runtime would
 * (with the bench identity provider's bearer token), handles it, and prints the wall-clock time of
 * the first response.
 */
public final class ColdStartProbe {
  /** The bench's requester: bench/cold-start has the identity provider sign a token for it. */
  static final String REQUESTER = "alice@example.com";

  static final String JUSTIFICATION = "INC-4711: cold-start bench";

  private ColdStartProbe() {}

  public static void main(String[] args) {
    long mainAt = System.currentTimeMillis();
    if (args.length == 1 && args[0].equals("setup")) {
      setup();
    } else if (args.length == 3 && args[0].equals("probe")) {
      probe(args[1], Path.of(args[2]), mainAt);
    } else {
      System.err.println("usage: ColdStartProbe setup | probe EVENT.json TOKEN-FILE");
      System.exit(2);
    }
  }

  private static void probe(String eventFile, Path tokenFile, long mainAt) {
    // Exactly Lambda's init: the public constructor builds everything from the environment.
    ApiHandler handler = new ApiHandler();
    long initAt = System.currentTimeMillis();
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(eventFile);
    Map<String, String> headers = new HashMap<>(event.getHeaders());
    headers.put("authorization", "Bearer " + read(tokenFile));
    event.setHeaders(headers);
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    long respondedAt = System.currentTimeMillis();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println(
        "first-response-at="
            + respondedAt
            + " jvm-start="
            + jvmStart
            + " main="
            + mainAt
            + " init-done="
            + initAt
            + " status="
            + response.getStatusCode());
    if (response.getStatusCode() != 200 || !response.getBody().contains(JUSTIFICATION)) {
      System.err.println(
          "unexpected response " + response.getStatusCode() + ": " + response.getBody());
      System.exit(1);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void setup() {
    Environment env = Environment.system();
    String table = env.required("JITGATE_TABLE", "the bench table");
    try (AwsClients clients = AwsClients.fromEnvironment(env)) {
      clients.dynamoDb().createTable(DynamoRequestStore.tableDefinition(table));
      Policy policy = Policy.load(Path.of(env.required("JITGATE_POLICY", "the policy file")));
      Entitlement entitlement =
          policy.entitlement(new EntitlementId("aws-prod-admin")).orElseThrow();
      AccessRequest request =
          AccessRequest.submit(
              RequestId.random(),
              entitlement,
              Caller.of(REQUESTER, "sre"),
              Duration.ofHours(1),
              JUSTIFICATION,
              Instant.now());
      new DynamoRequestStore(clients.dynamoDb(), table).create(request);
      System.out.println("created table " + table + " with request " + request.id());
    }
  }
}
