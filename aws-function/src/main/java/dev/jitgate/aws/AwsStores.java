package dev.jitgate.aws;

import dev.jitgate.aws.store.DynamoRequestStore;
import dev.jitgate.config.Environment;
import dev.jitgate.port.RequestStore;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the request store of an AWS deployment: the DynamoDB table named by {@code JITGATE_TABLE}.
 */
public final class AwsStores {
  /** DynamoDB's rule for table names. */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private AwsStores() {}

  /** The DynamoDB store for the table in {@code JITGATE_TABLE}; it opens no connection. */
  public static RequestStore fromEnvironment(AwsClients clients, Environment env) {
    return dynamo(clients.dynamoDb(), tableName(env));
  }

  static String tableName(Environment env) {
    String table = env.required("JITGATE_TABLE", "the name of the DynamoDB table of requests");
    if (!TABLE_NAME.matcher(table).matches()) {
      throw env.invalid(
          "JITGATE_TABLE",
          "must be a DynamoDB table name: 3 to 255 letters, digits, '_', '-', '.'");
    }
    return table;
  }

  static RequestStore dynamo(DynamoDbClient client, String table) {
    return new DynamoRequestStore(client, table);
  }
}
