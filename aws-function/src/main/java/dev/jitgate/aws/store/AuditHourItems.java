package dev.jitgate.aws.store;

import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The audit export's index in the request table: one small item per request and hour it has events
 * in ({@code pk = AUDIT#<hour>#<id>}), found through the keys-only index {@link #INDEX} (partition
 * {@link #HOUR}, sort {@link #REQUEST}). Only these items carry the two attributes, so the index
 * holds nothing else, and the other indexes never see these items.
 *
 * <p>The items are put before the request's own conditional write, each an idempotent put of a few
 * bytes: a write that then loses its race leaves an entry naming an hour the request has no event
 * in, which the export reads past; it never leaves an event unindexed. A transaction would avoid
 * that, at twice the write cost of the whole document on every transition.
 */
final class AuditHourItems {
  static final String HOUR = "auditHour";
  static final String REQUEST = "auditRequest";
  static final String INDEX = "byAuditHour";
  private static final String KEY_PREFIX = "AUDIT#";

  private AuditHourItems() {}

  /** Puts the index item of every hour {@code request} has events in. */
  static void put(DynamoDbClient client, String table, AccessRequest request) {
    for (long hour : AuditHours.of(request.events())) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put(
          RequestItems.PK, AttributeValue.fromS(KEY_PREFIX + hour + "#" + request.id().value()));
      item.put(HOUR, AttributeValue.fromS(Long.toString(hour)));
      item.put(REQUEST, AttributeValue.fromS(request.id().value()));
      client.putItem(b -> b.tableName(table).item(item));
    }
  }

  /** The ids indexed under {@code hour} after {@code after}, in id order, at most {@code limit}. */
  static List<RequestId> query(
      DynamoDbClient client, String table, Instant hour, Optional<RequestId> after, int limit) {
    Map<String, String> names = new HashMap<>(Map.of("#h", HOUR));
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":h", AttributeValue.fromS(Long.toString(AuditHours.hourOf(hour).toEpochMilli())));
    String condition = "#h = :h";
    if (after.isPresent()) {
      names.put("#r", REQUEST);
      values.put(":r", AttributeValue.fromS(after.get().value()));
      condition += " AND #r > :r";
    }
    List<RequestId> ids = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(INDEX)
              .keyConditionExpression(condition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .limit(limit - ids.size());
      if (start != null) {
        query.exclusiveStartKey(start);
      }
      QueryResponse page = client.query(query.build());
      page.items().forEach(item -> ids.add(new RequestId(item.get(REQUEST).s())));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null && ids.size() < limit);
    return List.copyOf(ids);
  }
}
