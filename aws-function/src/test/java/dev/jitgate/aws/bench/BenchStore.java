package dev.jitgate.aws.bench;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestKeys;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The cold-start bench's stand-in for the DynamoDB request store, which is developed on its own
 * branch: enough of a store (create, get, by requester) to serve {@code GET /api/v1/requests} from
 * DynamoDB Local with a real query and the real request document. Not for deployments.
 */
final class BenchStore implements RequestStore {
  static final String BY_REQUESTER = "by-requester";

  private final DynamoDbClient dynamo;
  private final String table;

  BenchStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Creates the bench's table: the request id as key, and an index by requester, newest last. */
  static void createTable(DynamoDbClient dynamo, String table) {
    dynamo.createTable(
        t ->
            t.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    attribute("id", ScalarAttributeType.S),
                    attribute("requester", ScalarAttributeType.S),
                    attribute("createdAt", ScalarAttributeType.N))
                .keySchema(key("id", KeyType.HASH))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(BY_REQUESTER)
                        .keySchema(key("requester", KeyType.HASH), key("createdAt", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
  }

  @Override
  public void create(AccessRequest request) {
    RequestKeys keys = RequestKeys.of(request);
    try {
      dynamo.putItem(
          p ->
              p.tableName(table)
                  .item(
                      Map.of(
                          "id", s(keys.id()),
                          "requester", s(keys.requester()),
                          "createdAt", n(keys.createdAtMillis()),
                          "doc", s(RequestDocument.toJson(request))))
                  .conditionExpression("attribute_not_exists(id)"));
    } catch (ConditionalCheckFailedException e) {
      throw new ConflictException("request " + request.id() + " already exists");
    }
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    var item = dynamo.getItem(g -> g.tableName(table).key(Map.of("id", s(id.value())))).item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(RequestDocument.fromJson(item.get("doc").s()));
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    return dynamo
        .query(
            q ->
                q.tableName(table)
                    .indexName(BY_REQUESTER)
                    .keyConditionExpression("requester = :r")
                    .expressionAttributeValues(Map.of(":r", s(requester.email())))
                    .scanIndexForward(false)
                    .limit(limit))
        .items()
        .stream()
        .map(item -> RequestDocument.fromJson(item.get("doc").s()))
        .toList();
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    throw unsupported();
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    throw unsupported();
  }

  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    throw unsupported();
  }

  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("the bench store serves GET /api/v1/requests only");
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
