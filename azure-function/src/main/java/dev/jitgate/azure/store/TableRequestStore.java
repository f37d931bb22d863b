package dev.jitgate.azure.store;

import com.azure.core.credential.TokenCredential;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.StoreException;
import dev.jitgate.store.StoreRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link RequestStore} in one Azure Table storage table: an entity per request holding its JSON
 * document ({@link RequestEntities}), and index entities for the queries ({@link IndexEntries}),
 * since tables have no secondary indexes. Every write of a request is conditional on its ETag: an
 * update on the one it read, a create on there being none.
 *
 * <p>A request and its index entities live in different partitions, and a transaction spans one
 * partition only, so they cannot be written together. Each write puts the index entities first and
 * the request last: a crash between them leaves an index entity that no request needs, which
 * readers pass over and clean up ({@link IndexReader}), and never a request that its index lacks,
 * so a request that becomes due is always found by the sweep.
 *
 * <p>Calls that fail after the client's own retries (throttling, timeouts) raise a {@link
 * StoreException} naming the operation and Azure's error code. A write the client sent again after
 * a timeout can meet its own first attempt: a create then reports a conflict and an update a lost
 * race, as DynamoDB's conditional writes do; callers read again either way.
 */
public final class TableRequestStore implements RequestStore {

  /** Azure's rule for table names: 3 to 63 letters and digits, starting with a letter. */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

  private final RequestTable table;
  private final Clock clock;
  private final IndexReader indexes;

  /** A store in the table of {@code client}, which must exist; nothing is sent until used. */
  public TableRequestStore(TableClient client, Clock clock) {
    Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    String name = client.getTableName();
    if (name == null || !TABLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a table name is 3 to 63 letters and digits, starting with a letter: " + name);
    }
    this.table = new RequestTable(client);
    this.indexes = new IndexReader(table, clock);
  }

  /**
   * A store in table {@code tableName} at {@code endpoint} ({@code
   * https://<account>.table.core.windows.net}), authenticated by {@code credential} (the function's
   * managed identity, with the role "Storage Table Data Contributor"). The table must exist:
   * Terraform creates it.
   */
  public static TableRequestStore connect(
      String endpoint, TokenCredential credential, String tableName, Clock clock) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credential, "credential");
    TableClient client;
    try {
      client =
          TableClients.builder()
              .endpoint(endpoint)
              .credential(credential)
              .tableName(tableName)
              .buildClient();
    } catch (RuntimeException e) {
      // No cause or message: an endpoint may carry a SAS token in its query.
      throw new StoreException(
          "the Table storage endpoint is not usable (" + e.getClass().getSimpleName() + ")");
    }
    return new TableRequestStore(client, clock);
  }

  /**
   * A store in table {@code tableName} of the account a connection string names (Azurite, tests).
   * The table must exist, or be made with {@link #createTableIfMissing()}. A connection string
   * holds an account key: errors about it never quote it.
   */
  public static TableRequestStore connectWithConnectionString(
      String connectionString, String tableName, Clock clock) {
    Objects.requireNonNull(connectionString, "connectionString");
    TableClient client;
    try {
      client =
          TableClients.builder()
              .connectionString(connectionString)
              .tableName(tableName)
              .buildClient();
    } catch (RuntimeException e) {
      // No cause: the SDK's message may quote the connection string.
      throw new StoreException(
          "the Table storage connection string is not valid ("
              + e.getClass().getSimpleName()
              + ")");
    }
    return new TableRequestStore(client, clock);
  }

  /** Creates the table if it does not exist, for tests and local runs; Terraform makes it else. */
  public TableRequestStore createTableIfMissing() {
    table.createIfMissing();
    return this;
  }

  @Override
  public void create(AccessRequest request) {
    List<IndexEntries.Entry> entries = IndexEntries.of(request);
    TableEntity entity = RequestEntities.entity(request, entries);
    String operation = "create request " + request.id();
    writeIndexEntries(entries, Set.of(), request, operation);
    if (!table.insert(entity, operation)) {
      throw new ConflictException("request " + request.id() + " already exists");
    }
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    return table
        .read(id, "read request " + id)
        .filter(entity -> !RequestEntities.isTombstone(entity))
        .map(RequestEntities::request);
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    StoreRules.requireNewerVersion(next, expectedVersion);
    List<IndexEntries.Entry> entries = IndexEntries.of(next);
    TableEntity entity = RequestEntities.entity(next, entries);
    String operation = "update request " + next.id();
    // The ETag of the version read here is the compare-and-set: any write since changed it.
    Optional<TableEntity> current = table.readHeader(next.id(), operation);
    if (current.isEmpty()
        || RequestEntities.isTombstone(current.get())
        || RequestEntities.version(current.get()) != expectedVersion) {
      return false;
    }
    writeIndexEntries(entries, RequestEntities.indexed(current.get()), next, operation);
    return table.replaceIfUnchanged(entity, current.get().getETag(), operation);
  }

  /**
   * One range of one partition per kind, each read for at most {@code limit}, merged. The RowKeys
   * hold whole milliseconds: requests due later within {@code now}'s millisecond are read too, and
   * passed over on the exact due time in the document.
   */
  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    if (!StoreRules.wantsItems(limit) || kinds.isEmpty()) {
      return List.of();
    }
    String operation = "list due " + state + " requests";
    List<AccessRequest> found = new ArrayList<>();
    for (GrantKind kind : kinds) {
      found.addAll(
          indexes.collect(
              operation,
              IndexEntries.duePartition(state, kind),
              IndexEntries.dueBefore(now),
              r -> StoreRules.isDue(r, state, Set.of(kind), now),
              limit,
              IndexReader.MAX_SKIPPED));
    }
    return StoreRules.earliestDueFirst(found, limit);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    return StoreRules.newestFirst(
        indexes.collect(
            "list the requests of a requester",
            IndexEntries.requesterPartition(requester),
            null,
            r -> r.requester().equals(requester),
            limit,
            IndexReader.MAX_SKIPPED),
        limit);
  }

  /**
   * One partition per entitlement, holding its PENDING requests only, each read for {@code limit}.
   */
  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<AccessRequest> found = new ArrayList<>();
    for (EntitlementId entitlement : entitlements.stream().distinct().toList()) {
      found.addAll(
          indexes.collect(
              "list pending requests",
              IndexEntries.pendingPartition(entitlement),
              null,
              r -> r.state() == RequestState.PENDING && r.entitlement().equals(entitlement),
              limit,
              IndexReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /** Issue 14: one partition per entitlement, holding its open break-glass reviews only. */
  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<AccessRequest> found = new ArrayList<>();
    for (EntitlementId entitlement : entitlements.stream().distinct().toList()) {
      found.addAll(
          indexes.collect(
              "list open break-glass reviews",
              IndexEntries.reviewPartition(entitlement),
              null,
              r -> r.waitsOnApprovers() && r.entitlement().equals(entitlement),
              limit,
              IndexReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /**
   * Read in full from the grant key's partition. A request that became ACTIVE has its entity there
   * before its document says so, so none is missed; each is re-read and checked to be ACTIVE.
   */
  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    return indexes.collect(
        "list active requests by grant key",
        IndexEntries.activePartition(key),
        null,
        r -> r.state() == RequestState.ACTIVE && r.grantKey().equals(key),
        Integer.MAX_VALUE,
        Integer.MAX_VALUE);
  }

  /**
   * The RowKeys of the hour's partition ({@link IndexEntries#auditHourPartition}), which are the
   * ids, after {@code after}. Entries are put before their request is written, so one may name an
   * hour a request that lost its race has no event in; the export reads past it.
   */
  @Override
  public List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    String partition = IndexEntries.auditHourPartition(AuditHours.hourOf(hour).toEpochMilli());
    String filter = "PartitionKey eq " + TableKeys.literal(partition);
    if (after.isPresent()) {
      filter += " and RowKey gt " + TableKeys.literal(after.get().value());
    }
    List<RequestId> ids = new ArrayList<>();
    for (TableEntity entity :
        table.query(filter, List.of("RowKey"), limit, "list the requests with audit events")) {
      ids.add(new RequestId(entity.getRowKey()));
      if (ids.size() == limit) {
        break;
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Puts the index entities of {@code request} that the stored version ({@code had}) lacks. Those
   * it has stay: no reader deletes an entity the stored version needs.
   */
  private void writeIndexEntries(
      List<IndexEntries.Entry> entries, Set<String> had, AccessRequest request, String operation) {
    Instant at = clock.instant();
    for (IndexEntries.Entry entry : entries) {
      if (!had.contains(entry.ref())) {
        table.upsert(
            IndexEntries.entity(entry, request.id().value(), request.version(), at), operation);
      }
    }
  }
}
