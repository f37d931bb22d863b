package dev.jitgate.azure.store;

import com.azure.data.tables.models.TableEntity;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.store.DocumentException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads requests through an index partition: walks its entities in RowKey order, reads the request
 * each one names, keeps it if the request, as stored now, still needs that entity, and cleans up
 * the entities no version will ever need again.
 *
 * <p>Writers put index entities before the request, so an entity can be ahead of its request (the
 * writer is between its two writes, lost its race, or gave up) or behind it (a later version no
 * longer needs it, and nothing deletes it at write time: a delete there could race with a writer
 * that needs the same entity again). An entity whose version is at or below the request's, and
 * which that request does not need, is stale for good and is deleted, conditional on its ETag so
 * that a writer's newer copy survives. An entity ahead of its request is left alone for {@link
 * #ABANDONED_AFTER}; after that the reader fences the request (a MERGE that changes its ETag, or a
 * tombstone where there is no request), so that the abandoned write can never land, and deletes the
 * entity. A request whose current version needs an entity is never found without it.
 */
final class IndexReader {

  /**
   * How many index entities a bounded read may pass over because their request does not match,
   * before it returns what it has rather than read on without bound.
   */
  static final int MAX_SKIPPED = 1000;

  /**
   * How long an index entity ahead of its request is taken for a write in progress. Far above what
   * one write takes with the client's retries; waiting less would only fail slow writers (their
   * update then reports a lost race), never lose an entity.
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(15);

  private static final List<String> SELECT =
      List.of(
          "PartitionKey", "RowKey", IndexEntries.ID, IndexEntries.VERSION, IndexEntries.WRITTEN_AT);

  private final RequestTable table;
  private final Clock clock;

  IndexReader(RequestTable table, Clock clock) {
    this.table = table;
    this.clock = clock;
  }

  /**
   * Up to {@code limit} requests found in {@code partition} (below {@code rowBelow} when not null)
   * that still need their entity and match {@code wanted}, in RowKey order; more than {@code limit}
   * when the last ones share a RowKey's {@link IndexEntries#orderingPart}, so that the caller's
   * exact sort decides among them. Fewer after passing over {@code maxSkipped} entities.
   */
  List<AccessRequest> collect(
      String operation,
      String partition,
      String rowBelow,
      Predicate<AccessRequest> wanted,
      int limit,
      int maxSkipped) {
    String filter = "PartitionKey eq " + TableKeys.literal(partition);
    if (rowBelow != null) {
      filter += " and RowKey lt " + TableKeys.literal(rowBelow);
    }
    int pageSize = limit == Integer.MAX_VALUE ? RequestTable.MAX_PAGE : limit + 1;
    List<AccessRequest> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String lastOrder = null;
    int skipped = 0;
    for (TableEntity entry : table.query(filter, SELECT, pageSize, operation)) {
      String order = IndexEntries.orderingPart(entry.getRowKey());
      if ((found.size() >= limit && !order.equals(lastOrder)) || skipped > maxSkipped) {
        break;
      }
      Optional<AccessRequest> request = resolve(entry, operation);
      if (request.isPresent()
          && wanted.test(request.get())
          && seen.add(request.get().id().value())) {
        found.add(request.get());
        lastOrder = order;
      } else {
        skipped++;
      }
    }
    return found;
  }

  /** The request {@code entry} names, if its stored version needs {@code entry}. */
  private Optional<AccessRequest> resolve(TableEntity entry, String operation) {
    IndexEntries.Entry key = new IndexEntries.Entry(entry.getPartitionKey(), entry.getRowKey());
    RequestId id = requestId(entry, key);
    long entryVersion = number(entry, IndexEntries.VERSION, key);
    Optional<TableEntity> stored = table.read(id, operation);
    if (stored.isPresent() && RequestEntities.isTombstone(stored.get())) {
      table.deleteIfUnchanged(entry, operation);
      return Optional.empty();
    }
    if (stored.isPresent()) {
      AccessRequest request = RequestEntities.request(stored.get());
      if (IndexEntries.of(request).contains(key)) {
        return Optional.of(request);
      }
      if (request.version() >= entryVersion) {
        table.deleteIfUnchanged(entry, operation);
        return Optional.empty();
      }
    }
    long age = clock.millis() - number(entry, IndexEntries.WRITTEN_AT, key);
    if (age >= ABANDONED_AFTER.toMillis() && fence(id, stored, operation)) {
      table.deleteIfUnchanged(entry, operation);
    }
    return Optional.empty();
  }

  /**
   * Makes sure the write that put an abandoned index entity can no longer land: changes the
   * request's ETag, or puts a tombstone where the request was never created. False when the request
   * changed meanwhile; the next reader decides again.
   */
  private boolean fence(RequestId id, Optional<TableEntity> stored, String operation) {
    if (stored.isEmpty()) {
      return table.insert(RequestEntities.tombstone(id, clock.instant()), operation);
    }
    TableEntity fence =
        new TableEntity(stored.get().getPartitionKey(), stored.get().getRowKey())
            .addProperty(RequestEntities.FENCED_AT, clock.millis());
    return table.mergeIfUnchanged(fence, stored.get().getETag(), operation);
  }

  private static RequestId requestId(TableEntity entry, IndexEntries.Entry key) {
    Object id = entry.getProperty(IndexEntries.ID);
    if (!(id instanceof String value) || !RequestId.isValid(value)) {
      throw new DocumentException("index entity " + key.ref() + " names no valid request id");
    }
    return new RequestId(value);
  }

  private static long number(TableEntity entry, String property, IndexEntries.Entry key) {
    if (!(entry.getProperty(property) instanceof Number number)) {
      throw new DocumentException("index entity " + key.ref() + " has no numeric " + property);
    }
    return number.longValue();
  }
}
