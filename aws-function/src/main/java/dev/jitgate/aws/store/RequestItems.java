package dev.jitgate.aws.store;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.store.DocumentException;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestKeys;
import dev.jitgate.store.StoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The layout of the request table: one item per request, its attribute names, its indexes, and the
 * conversion of a request to an item and back.
 *
 * <p>Every index projects keys only. A store write copies the projected attributes into each index
 * it touches, and the document can be hundreds of kilobytes, so projecting it would multiply the
 * cost of every transition; with keys only, an index is written only when one of its keys changes.
 * The store re-reads what an index finds with a consistent read instead, which also means no answer
 * carries a document older than the table's.
 */
final class RequestItems {

  static final String PK = "pk";
  static final String DOC = "doc";
  static final String VERSION = "version";
  static final String STATE = "state";
  static final String KIND = "kind";
  static final String REQUESTER = "requester";
  static final String ENTITLEMENT = "entitlement";
  static final String GRANT_KEY = "grantKey";
  static final String CREATED_AT = "createdAt";
  static final String DUE_AT = "dueAt";

  /**
   * {@code <STATE>#<kind>}, present only while {@code dueAt} is. Partitioning the due index by kind
   * as well as state lets the sweep query only the kinds it handles: another cloud's items sharing
   * the table are never read, so no filter runs after the query's limit and nothing has to be paged
   * past. It also spreads a busy state over up to five partitions.
   */
  static final String DUE_KEY = "dueKey";

  /**
   * The entitlement, present only while the request is PENDING. The pending index then holds
   * pending requests only, so an approver's query reads the pending requests of their entitlements
   * and not the whole history of those entitlements, as an index on {@code entitlement} with a
   * filter on state would.
   */
  static final String PENDING_ENTITLEMENT = "pendingEntitlement";

  /**
   * Issue 14: the prefix of {@link #PENDING_ENTITLEMENT} for a break-glass request whose review is
   * open. Such a request is never PENDING, and an entitlement id never holds '#', so the one sparse
   * index serves both queues without a new index on the table.
   */
  static final String REVIEW_PREFIX = "review#";

  /** Partition {@link #DUE_KEY}, sort {@link #DUE_AT}: sparse, only requests with a due time. */
  static final String DUE_INDEX = "due";

  /** Partition {@link #REQUESTER}, sort {@link #CREATED_AT}: every request. */
  static final String REQUESTER_INDEX = "byRequester";

  /** Partition {@link #PENDING_ENTITLEMENT}, sort {@link #CREATED_AT}: sparse, PENDING only. */
  static final String PENDING_INDEX = "pendingByEntitlement";

  /** Partition {@link #GRANT_KEY}, sort {@link #STATE}: every request. */
  static final String GRANT_KEY_INDEX = "byGrantKey";

  /**
   * The largest item this store writes. DynamoDB refuses items over 400 KB; refusing at 350 KB
   * leaves room for the estimate below to be off, and fails with the request named instead of a
   * bare ValidationException.
   */
  static final int MAX_ITEM_BYTES = 350 * 1024;

  /** DynamoDB's limit on a partition key value, which a GSI's partition key must also keep to. */
  private static final int MAX_PARTITION_KEY_BYTES = 2048;

  private static final String KEY_PREFIX = "REQ#";

  private RequestItems() {}

  /** The CreateTable request for the request table; on-demand capacity. */
  static CreateTableRequest definition(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(key(PK, KeyType.HASH))
        .attributeDefinitions(
            attribute(PK, ScalarAttributeType.S),
            attribute(DUE_KEY, ScalarAttributeType.S),
            attribute(DUE_AT, ScalarAttributeType.N),
            attribute(REQUESTER, ScalarAttributeType.S),
            attribute(CREATED_AT, ScalarAttributeType.N),
            attribute(PENDING_ENTITLEMENT, ScalarAttributeType.S),
            attribute(GRANT_KEY, ScalarAttributeType.S),
            attribute(STATE, ScalarAttributeType.S),
            attribute(AuditHourItems.HOUR, ScalarAttributeType.S),
            attribute(AuditHourItems.REQUEST, ScalarAttributeType.S))
        .globalSecondaryIndexes(
            index(DUE_INDEX, DUE_KEY, DUE_AT),
            index(REQUESTER_INDEX, REQUESTER, CREATED_AT),
            index(PENDING_INDEX, PENDING_ENTITLEMENT, CREATED_AT),
            index(GRANT_KEY_INDEX, GRANT_KEY, STATE),
            index(AuditHourItems.INDEX, AuditHourItems.HOUR, AuditHourItems.REQUEST))
        .build();
  }

  /** The table key of request {@code id}. */
  static Map<String, AttributeValue> key(RequestId id) {
    return Map.of(PK, AttributeValue.fromS(KEY_PREFIX + id.value()));
  }

  /** The due index's partition for requests in {@code state} of the kind {@code kindId}. */
  static String dueKey(RequestState state, String kindId) {
    return state.name() + "#" + kindId;
  }

  /**
   * The item for {@code request}.
   *
   * @throws StoreException if the item would be too large for DynamoDB, or a key too long
   */
  static Map<String, AttributeValue> item(AccessRequest request) {
    RequestKeys keys = RequestKeys.of(request);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, AttributeValue.fromS(KEY_PREFIX + keys.id()));
    item.put(DOC, AttributeValue.fromS(RequestDocument.toJson(request)));
    item.put(VERSION, number(keys.version()));
    item.put(STATE, AttributeValue.fromS(keys.state()));
    item.put(KIND, AttributeValue.fromS(keys.kind()));
    item.put(REQUESTER, AttributeValue.fromS(keys.requester()));
    item.put(ENTITLEMENT, AttributeValue.fromS(keys.entitlement()));
    item.put(GRANT_KEY, AttributeValue.fromS(keys.grantKey()));
    item.put(CREATED_AT, number(keys.createdAtMillis()));
    // Absent, not null, when nothing is due: the item then drops out of the sparse due index.
    if (keys.dueAtMillis() != null) {
      item.put(DUE_AT, number(keys.dueAtMillis()));
      item.put(DUE_KEY, AttributeValue.fromS(dueKey(request.state(), keys.kind())));
    }
    if (request.state() == RequestState.PENDING) {
      item.put(PENDING_ENTITLEMENT, AttributeValue.fromS(keys.entitlement()));
    } else if (RequestKeys.approverTaskEntitlement(request) != null) {
      item.put(
          PENDING_ENTITLEMENT,
          AttributeValue.fromS(REVIEW_PREFIX + RequestKeys.approverTaskEntitlement(request)));
    }
    for (String partitionKey : List.of(REQUESTER, GRANT_KEY, ENTITLEMENT)) {
      int bytes = utf8Length(item.get(partitionKey).s());
      if (bytes > MAX_PARTITION_KEY_BYTES) {
        throw new StoreException(
            "request "
                + request.id()
                + " cannot be stored in DynamoDB: its "
                + partitionKey
                + " is "
                + bytes
                + " bytes, above the "
                + MAX_PARTITION_KEY_BYTES
                + " an index key may have");
      }
    }
    int size = size(item);
    if (size > MAX_ITEM_BYTES) {
      throw new StoreException(
          "request "
              + request.id()
              + " is too large to store in DynamoDB: about "
              + size
              + " bytes, above this store's limit of "
              + MAX_ITEM_BYTES
              + " (DynamoDB allows 400 KB per item)");
    }
    return item;
  }

  /** The request an item holds; {@code pk} names it when the document cannot be read. */
  static AccessRequest request(Map<String, AttributeValue> item) {
    String pk = item.containsKey(PK) ? item.get(PK).s() : "(no key)";
    AttributeValue doc = item.get(DOC);
    if (doc == null || doc.s() == null) {
      throw new DocumentException("stored request " + pk + " has no document");
    }
    try {
      return RequestDocument.fromJson(doc.s());
    } catch (DocumentException e) {
      throw new DocumentException("stored request " + pk + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * An upper bound of the item's size as DynamoDB counts it: the UTF-8 bytes of each attribute name
   * and string value, and for a number one byte per digit plus one, where DynamoDB needs about one
   * per two digits ("Item sizes and formats", DynamoDB Developer Guide).
   */
  static int size(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8Length(e.getKey());
      AttributeValue value = e.getValue();
      if (value.s() != null) {
        size += utf8Length(value.s());
      } else if (value.n() != null) {
        size += value.n().length() + 1;
      } else {
        throw new IllegalStateException("attribute " + e.getKey() + " is neither S nor N");
      }
    }
    return size;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4; // the pair is one four-byte code point
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static GlobalSecondaryIndex index(String name, String partition, String sort) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(key(partition, KeyType.HASH), key(sort, KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
        .build();
  }
}
