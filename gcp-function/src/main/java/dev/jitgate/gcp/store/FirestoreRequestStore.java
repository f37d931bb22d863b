package dev.jitgate.gcp.store;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
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
import dev.jitgate.store.StoreRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link RequestStore} in one Firestore collection: a document per request holding its JSON
 * document beside the fields the queries use ({@link FirestoreQueries}). A new request is written
 * with {@code create()}, which fails on an existing document; every later write carries an {@code
 * updatedAt} precondition on the document as read, so of several writers from one version exactly
 * one wins and the others see FAILED_PRECONDITION. No transaction is used, so none can run out of
 * attempts under contention.
 *
 * <p>Failures other than a lost race are {@link dev.jitgate.store.StoreException}s naming the
 * operation and the gRPC code; unavailable and overloaded calls are first retried by the client
 * with its default, bounded policy.
 */
public final class FirestoreRequestStore implements RequestStore {

  /** The collection's name when the deployment sets none ({@code JITGATE_FIRESTORE_COLLECTION}). */
  public static final String DEFAULT_COLLECTION = "jitgate-requests";

  private final CollectionReference requests;
  private final FirestoreQueries queries;
  private final QueryReader reader;

  private FirestoreRequestStore(CollectionReference requests, int pageSize) {
    this.requests = requests;
    this.queries = new FirestoreQueries(requests);
    this.reader = new QueryReader(pageSize);
  }

  /**
   * A store in the top-level {@code collection} of {@code firestore}'s database; nothing is sent
   * until the first call. The caller keeps ownership of the client.
   *
   * @throws IllegalArgumentException if {@code collection} is not a valid collection id
   */
  public static FirestoreRequestStore connect(Firestore firestore, String collection) {
    return connect(firestore, collection, QueryReader.DEFAULT_PAGE_SIZE);
  }

  /** A store that reads queries {@code pageSize} documents at a time, for tests. */
  static FirestoreRequestStore connect(Firestore firestore, String collection, int pageSize) {
    Objects.requireNonNull(firestore, "firestore");
    requireCollectionId(collection);
    return new FirestoreRequestStore(firestore.collection(collection), pageSize);
  }

  @Override
  public void create(AccessRequest request) {
    String operation = "create request " + request.id();
    String writeId = newWriteId();
    Map<String, Object> fields = RequestFields.forCreate(request, writeId);
    DocumentReference document = document(request.id());
    DocumentLimits.check(request.id(), requests.getId(), document.getId(), fields);
    try {
      FirestoreCalls.await(operation, document.create(fields));
    } catch (FirestoreCallException e) {
      if (e.code() != StatusCode.Code.ALREADY_EXISTS) {
        throw e;
      }
      if (!landed(operation, document, writeId)) {
        throw new ConflictException("request " + request.id() + " already exists");
      }
    }
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    DocumentSnapshot snapshot = FirestoreCalls.await("read request " + id, document(id).get());
    return snapshot.exists() ? Optional.of(RequestFields.request(snapshot)) : Optional.empty();
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    StoreRules.requireNewerVersion(next, expectedVersion);
    String operation = "update request " + next.id();
    String writeId = newWriteId();
    Map<String, Object> fields = RequestFields.forUpdate(next, writeId);
    DocumentReference document = document(next.id());
    DocumentLimits.check(next.id(), requests.getId(), document.getId(), fields);
    DocumentSnapshot current = FirestoreCalls.await(operation, document.get());
    if (!current.exists() || RequestFields.version(current) != expectedVersion) {
      return false;
    }
    try {
      // Replaces every field this store writes, if nothing wrote the document since it was read.
      FirestoreCalls.await(
          operation, document.update(fields, Precondition.updatedAt(current.getUpdateTime())));
      return true;
    } catch (FirestoreCallException e) {
      if (e.code() == StatusCode.Code.FAILED_PRECONDITION
          || e.code() == StatusCode.Code.NOT_FOUND) {
        return landed(operation, document, writeId);
      }
      throw e;
    }
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    if (!StoreRules.wantsItems(limit) || kinds.isEmpty()) {
      return List.of();
    }
    List<String> kindIds = kinds.stream().map(GrantKind::id).sorted().toList();
    return reader.collect(
        "list due " + state + " requests",
        queries.due(state.name(), kindIds, RequestFields.timestamp(now)),
        r -> StoreRules.isDue(r, state, kinds, now),
        limit,
        QueryReader.MAX_SKIPPED);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    return reader.collect(
        "list the requests of a requester",
        queries.byRequester(requester.email()),
        r -> r.requester().equals(requester),
        limit,
        QueryReader.MAX_SKIPPED);
  }

  /**
   * One query per {@value FirestoreQueries#MAX_IN_VALUES} entitlements (the most an {@code in}
   * filter takes), each for at most {@code limit}, merged newest first.
   */
  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<String> ids = entitlements.stream().map(EntitlementId::value).distinct().toList();
    Set<EntitlementId> wanted = Set.copyOf(entitlements);
    List<AccessRequest> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += FirestoreQueries.MAX_IN_VALUES) {
      List<String> chunk =
          ids.subList(from, Math.min(ids.size(), from + FirestoreQueries.MAX_IN_VALUES));
      found.addAll(
          reader.collect(
              "list pending requests",
              queries.pendingFor(RequestState.PENDING.name(), chunk),
              r -> r.state() == RequestState.PENDING && wanted.contains(r.entitlement()),
              limit,
              QueryReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /** Issue 14: one query of the sparse reviewEntitlement field per chunk of entitlements. */
  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<String> ids = entitlements.stream().map(EntitlementId::value).distinct().toList();
    Set<EntitlementId> wanted = Set.copyOf(entitlements);
    List<AccessRequest> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += FirestoreQueries.MAX_IN_VALUES) {
      List<String> chunk =
          ids.subList(from, Math.min(ids.size(), from + FirestoreQueries.MAX_IN_VALUES));
      found.addAll(
          reader.collect(
              "list open break-glass reviews",
              queries.waitingOnApproversFor(chunk),
              r -> r.waitsOnApprovers() && wanted.contains(r.entitlement()),
              limit,
              QueryReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /** Read in full: a query is strongly consistent, so a request that just became ACTIVE is in. */
  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    return reader.collect(
        "list active requests by grant key",
        queries.byGrantKey(key.value(), RequestState.ACTIVE.name()),
        r -> r.state() == RequestState.ACTIVE && r.grantKey().equals(key),
        Integer.MAX_VALUE,
        Integer.MAX_VALUE);
  }

  /**
   * From the {@code auditHours} array of each request document, which is written with the document
   * itself: the index never names a request whose write failed.
   */
  @Override
  public List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    String operation = "list the requests with audit events in an hour";
    Query query =
        queries.auditHour(AuditHours.hourOf(hour).toEpochMilli()).select(RequestFields.VERSION);
    if (after.isPresent()) {
      query = query.startAfter(document(after.get()));
    }
    List<RequestId> ids = new ArrayList<>();
    for (QueryDocumentSnapshot found :
        FirestoreCalls.await(operation, query.limit(limit).get()).getDocuments()) {
      ids.add(RequestFields.requestId(found.getId()));
    }
    return List.copyOf(ids);
  }

  /**
   * Whether the document holds the write {@code writeId}: when the client retried a commit whose
   * answer was lost, the retry meets our own write and fails, yet the write landed.
   */
  private boolean landed(String operation, DocumentReference document, String writeId) {
    DocumentSnapshot stored = FirestoreCalls.await(operation, document.get());
    return stored.exists() && writeId.equals(RequestFields.writeId(stored));
  }

  private DocumentReference document(RequestId id) {
    return requests.document(RequestFields.documentId(id));
  }

  private static String newWriteId() {
    return UUID.randomUUID().toString();
  }

  /** A top-level collection id as Firestore accepts it ("Quotas and limits"). */
  private static void requireCollectionId(String collection) {
    Objects.requireNonNull(collection, "collection");
    if (collection.isEmpty()
        || collection.getBytes(StandardCharsets.UTF_8).length > 1500
        || collection.contains("/")
        || collection.equals(".")
        || collection.equals("..")
        || collection.matches("__.*__")) {
      throw new IllegalArgumentException(
          "a Firestore collection id is 1 to 1,500 bytes without '/', is not '.' or '..' and"
              + " does not match __.*__: '"
              + collection
              + "'");
    }
  }
}
