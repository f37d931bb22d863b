package dev.jitgate.aws.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.aws.AwsClients;
import dev.jitgate.aws.store.DynamoRequestStore;
import dev.jitgate.config.Environment;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.policy.Policy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The Java side of {@code bench/cold-start} and of the custom runtime's training run. {@code setup}
 * creates the table in DynamoDB Local and stores one request for the bench's caller; {@code event
 * IN TOKEN-FILE OUT} writes the API Gateway event the runtime is served, with the bench identity
 * provider's bearer token.
 */
public final class ColdStartProbe {
  /** What the stored request says: the first response must show it. */
  public static final String JUSTIFICATION = "INC-4711: cold-start bench";

  private static final String REQUESTER = "alice@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ColdStartProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("setup")) {
      setup(System.getenv());
    } else if (args.length == 4 && args[0].equals("event")) {
      String token = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
      Files.writeString(
          Path.of(args[3]),
          event(Path.of(args[1]), token, "/api/v1/requests"),
          StandardCharsets.UTF_8);
    } else {
      System.err.println("usage: ColdStartProbe setup | event IN.json TOKEN-FILE OUT.json");
      System.exit(2);
    }
  }

  /** The event in {@code file} for {@code path}, with the token as bearer, or none when null. */
  static String event(Path file, String token, String path) throws IOException {
    ObjectNode event = (ObjectNode) JSON.readTree(file.toFile());
    event.put("rawPath", path);
    ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
    ObjectNode headers = (ObjectNode) event.path("headers");
    headers.remove("authorization");
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    return JSON.writeValueAsString(event);
  }

  /** Creates the bench table in the DynamoDB the environment names, with one request in it. */
  static void setup(Map<String, String> variables) throws IOException {
    Environment env = new Environment(variables::get);
    String table = env.required("JITGATE_TABLE", "the bench table");
    // The bench's DynamoDB Local and its dummy credentials, from the variables given.
    AwsClients clients =
        new AwsClients(
            Region.of(env.required("AWS_REGION", "the region")),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    env.required("AWS_ACCESS_KEY_ID", "the bench's dummy key id"),
                    env.required("AWS_SECRET_ACCESS_KEY", "the bench's dummy secret"))),
            Map.of(
                "DYNAMODB",
                URI.create(env.required("AWS_ENDPOINT_URL_DYNAMODB", "DynamoDB Local"))));
    try (clients) {
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
      System.err.println("created table " + table + " with request " + request.id());
    }
  }
}
