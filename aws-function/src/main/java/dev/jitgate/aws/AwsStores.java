package dev.jitgate.aws;

import dev.jitgate.port.RequestStore;
import java.lang.reflect.InvocationTargetException;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the request store of an AWS deployment: the DynamoDB table named by {@code JITGATE_TABLE}.
 */
public final class AwsStores {
  /** DynamoDB's rule for table names. */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  /**
   * The store class, with its constructor {@code (DynamoDbClient client, String tableName)}. It is
   * looked up by name so that this module builds while the store is developed on its own branch;
   * after the merge, this is a plain {@code new DynamoRequestStore(client, table)}.
   */
  static final String DYNAMO_STORE = "dev.jitgate.aws.store.DynamoRequestStore";

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
    Class<?> store;
    try {
      store = Class.forName(DYNAMO_STORE);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "this build has no DynamoDB request store (" + DYNAMO_STORE + ")", e);
    }
    try {
      return (RequestStore)
          store.getConstructor(DynamoDbClient.class, String.class).newInstance(client, table);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("could not build the DynamoDB request store", e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          DYNAMO_STORE + " must be a RequestStore with a (DynamoDbClient, String) constructor", e);
    }
  }
}
