package dev.jitgate.aws;

import dev.jitgate.port.RequestStore;
import java.time.Clock;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For the cold-start bench: the composition root exactly as {@link AwsWiring#instance()} builds it
 * from the process environment, except that the bench brings the store.
 */
public final class BenchWiring {
  private BenchWiring() {}

  /**
   * @param store builds the store from the DynamoDB client and the table in {@code JITGATE_TABLE}
   */
  public static AwsWiring fromEnvironment(BiFunction<DynamoDbClient, String, RequestStore> store) {
    Environment env = Environment.system();
    Clock clock = Clock.systemUTC();
    return new AwsWiring(
        env,
        clock,
        AwsClients.fromEnvironment(env),
        clients -> store.apply(clients.dynamoDb(), AwsStores.tableName(env)),
        clients -> AwsProviders.fromEnvironment(clients, clock));
  }
}
