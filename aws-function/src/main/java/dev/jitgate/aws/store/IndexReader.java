package dev.jitgate.aws.store;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.port.DuePage;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import dev.jitgate.store.StoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads requests through a keys-only index: pages through the index in its order, re-reads each
 * item found with a consistent read, and keeps those that still match.
 *
 * <p>Global secondary indexes are updated asynchronously, so an index entry can be stale (the item
 * has since moved on) or missing (the write has not reached the index yet). The consistent re-read
 * and the predicate deal with stale entries. Missing ones cannot be seen from here; see {@link
 * DynamoRequestStore#activeByGrantKey} for where that matters.
 */
final class IndexReader {

  /** BatchGetItem takes at most 100 keys. */
  static final int PAGE_SIZE = 100;

  /** Keys per index query: keys-only entries are small, far below a query page's 1 MB. */
  static final int MAX_QUERY_PAGE = 1000;

  /**
   * How many index entries a bounded query may pass over because their item no longer matches,
   * before it returns what it has rather than read on without bound.
   */
  static final int MAX_SKIPPED = 1000;

  /** BatchGetItem rounds in a row that return nothing before giving up on the keys left. */
  private static final int MAX_IDLE_ROUNDS = 8;

  private static final Backoff BACKOFF =
      new Backoff(
          Duration.ofMillis(50),
          Duration.ofSeconds(2),
          MAX_IDLE_ROUNDS,
          Duration.ofSeconds(2).multipliedBy(MAX_IDLE_ROUNDS),
          0.5);

  private final DynamoDbClient client;
  private final String tableName;

  IndexReader(DynamoDbClient client, String tableName) {
    this.client = client;
    this.tableName = tableName;
  }

  /**
   * Up to {@code limit} requests that {@code query} finds and that still match {@code stillMatches}
   * when re-read, in the index's order. Stops early, with fewer, after passing over {@code
   * maxSkipped} entries that no longer match.
   *
   * @param query the index query without table name, limit and start key
   */
  List<AccessRequest> collect(
      String operation,
      QueryRequest query,
      Predicate<AccessRequest> stillMatches,
      int limit,
      int maxSkipped) {
    return collectPage(operation, query, stillMatches, limit, maxSkipped).items();
  }

  /**
   * As {@link #collect}, and whether the index holds more entries beyond them. Each query asks for
   * one key more than is still wanted, and keys are re-read only as far as needed, so a page that
   * is exactly full costs neither a second query nor a re-read of the extra key. An extra key that
   * turns out stale makes {@code more} true where nothing more matches: the next page is then
   * empty.
   */
  DuePage collectPage(
      String operation,
      QueryRequest query,
      Predicate<AccessRequest> stillMatches,
      int limit,
      int maxSkipped) {
    List<AccessRequest> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> unread = new ArrayDeque<>();
    int skipped = 0;
    Map<String, AttributeValue> start = null;
    boolean exhausted = false;
    while (found.size() < limit && skipped <= maxSkipped) {
      if (unread.isEmpty()) {
        if (exhausted) {
          break;
        }
        int want = (int) Math.min(MAX_QUERY_PAGE, (long) limit - found.size() + 1);
        QueryRequest.Builder page = query.toBuilder().tableName(tableName).limit(want);
        if (start != null) {
          page.exclusiveStartKey(start);
        }
        QueryResponse response = query(operation, page.build());
        // An entry can show up twice while the index catches up with a moved item.
        response.items().stream()
            .map(entry -> entry.get(RequestItems.PK).s())
            .filter(seen::add)
            .forEach(unread::add);
        start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
        exhausted = start == null || start.isEmpty();
        continue;
      }
      int chunk = Math.min(PAGE_SIZE, Math.min(limit - found.size(), unread.size()));
      List<String> keys = new ArrayList<>(chunk);
      for (int i = 0; i < chunk; i++) {
        keys.add(unread.poll());
      }
      Map<String, AccessRequest> read = readConsistently(operation, keys);
      for (String key : keys) {
        AccessRequest r = read.get(key);
        if (r != null && stillMatches.test(r)) {
          found.add(r);
        } else {
          skipped++;
        }
      }
    }
    return new DuePage(found, !unread.isEmpty() || !exhausted);
  }

  private QueryResponse query(String operation, QueryRequest request) {
    try {
      return client.query(request);
    } catch (SdkException e) {
      throw DynamoRequestStore.failure(operation, e);
    }
  }

  /**
   * The items under {@code keys}, read with strong consistency, by key; missing items are left out.
   * BatchGetItem answers in any order and may leave keys unprocessed (throttling, or 16 MB of
   * response); those are asked again with jittered exponential backoff, as the BatchGetItem API
   * reference recommends.
   */
  private Map<String, AccessRequest> readConsistently(String operation, List<String> keys) {
    Map<String, AccessRequest> read = new HashMap<>();
    if (keys.isEmpty()) {
      return read;
    }
    KeysAndAttributes pending =
        KeysAndAttributes.builder()
            .keys(keys.stream().map(k -> Map.of(RequestItems.PK, AttributeValue.fromS(k))).toList())
            .consistentRead(true)
            .projectionExpression("#pk, #doc")
            .expressionAttributeNames(Map.of("#pk", RequestItems.PK, "#doc", RequestItems.DOC))
            .build();
    int idleRounds = 0;
    while (true) {
      BatchGetItemResponse response;
      try {
        response =
            client.batchGetItem(
                BatchGetItemRequest.builder().requestItems(Map.of(tableName, pending)).build());
      } catch (SdkException e) {
        throw DynamoRequestStore.failure(operation, e);
      }
      List<Map<String, AttributeValue>> items =
          response.responses().getOrDefault(tableName, List.of());
      for (Map<String, AttributeValue> item : items) {
        read.put(item.get(RequestItems.PK).s(), RequestItems.request(item));
      }
      KeysAndAttributes left = response.unprocessedKeys().get(tableName);
      if (left == null || !left.hasKeys() || left.keys().isEmpty()) {
        return read;
      }
      idleRounds = items.isEmpty() ? idleRounds + 1 : 0;
      if (idleRounds >= MAX_IDLE_ROUNDS) {
        throw new StoreException(
            "the request store could not "
                + operation
                + ": DynamoDB left "
                + left.keys().size()
                + " keys unread after "
                + MAX_IDLE_ROUNDS
                + " rounds of BatchGetItem");
      }
      // Ask again with our own names and consistency, whatever the response echoed back.
      pending = pending.toBuilder().keys(left.keys()).build();
      pause(operation, idleRounds);
    }
  }

  private static void pause(String operation, int idleRounds) {
    try {
      Sleeper.SYSTEM.sleep(BACKOFF.delay(idleRounds));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("the request store was interrupted in " + operation, e);
    }
  }
}
