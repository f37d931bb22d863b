package dev.jitgate.aws.store;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.DuePage;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.RequestKeys;
import dev.jitgate.store.StoreException;
import dev.jitgate.store.StoreRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A {@link RequestStore} in one DynamoDB table: an item per request holding its JSON document, and
 * four keys-only global secondary indexes for the queries ({@link #tableDefinition}). Every write
 * of an existing request is a PutItem conditional on the stored version.
 *
 * <p>Throttling is left to the client's retry policy (the DynamoDB client's default retries
 * throttling errors with backoff, more times than other services'); what still fails after it is a
 * {@link StoreException} naming the operation and the error code.
 */
public final class DynamoRequestStore implements RequestStore {

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private final DynamoDbClient client;
  private final String tableName;
  private final IndexReader indexes;

  /** A store in {@code tableName}, which must exist; nothing is sent until the first call. */
  public DynamoRequestStore(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    if (!TABLE_NAME.matcher(tableName).matches()) {
      throw new IllegalArgumentException(
          "a DynamoDB table name is 3 to 255 letters, digits, '_', '-' or '.': " + tableName);
    }
    this.indexes = new IndexReader(client, tableName);
  }

  /**
   * The table this store needs, with on-demand capacity: key {@code pk} (S); indexes {@code due}
   * ({@code dueKey} S, {@code dueAt} N), {@code byRequester} ({@code requester} S, {@code
   * createdAt} N), {@code pendingByEntitlement} ({@code pendingEntitlement} S, {@code createdAt} N)
   * and {@code byGrantKey} ({@code grantKey} S, {@code state} S), all projecting keys only. Tests
   * create the table from it; Terraform must create the same.
   */
  public static CreateTableRequest tableDefinition(String tableName) {
    return RequestItems.definition(tableName);
  }

  @Override
  public void create(AccessRequest request) {
    PutItemRequest put =
        PutItemRequest.builder()
            .tableName(tableName)
            .item(RequestItems.item(request))
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", RequestItems.PK))
            .build();
    try {
      AuditHourItems.put(client, tableName, request);
      client.putItem(put);
    } catch (ConditionalCheckFailedException e) {
      throw new ConflictException("request " + request.id() + " already exists");
    } catch (SdkException e) {
      throw failure("create request " + request.id(), e);
    }
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    GetItemResponse response;
    try {
      response =
          client.getItem(
              b -> b.tableName(tableName).key(RequestItems.key(id)).consistentRead(true));
    } catch (SdkException e) {
      throw failure("read request " + id, e);
    }
    return response.hasItem() && !response.item().isEmpty()
        ? Optional.of(RequestItems.request(response.item()))
        : Optional.empty();
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    StoreRules.requireNewerVersion(next, expectedVersion);
    // A missing item has no version, so the condition fails for it too: an update never creates.
    PutItemRequest put =
        PutItemRequest.builder()
            .tableName(tableName)
            .item(RequestItems.item(next))
            .conditionExpression("#version = :expected")
            .expressionAttributeNames(Map.of("#version", RequestItems.VERSION))
            .expressionAttributeValues(
                Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
            .build();
    try {
      AuditHourItems.put(client, tableName, next);
      client.putItem(put);
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw failure("update request " + next.id(), e);
    }
  }

  /**
   * One query of the due index per kind, each for at most {@code limit}, merged. The index is
   * eventually consistent, so a request can be listed just after it moved on; the re-read drops it
   * here, and the sweep's transitions are conditional writes anyway. One made due a moment ago may
   * be missing until the next sweep.
   */
  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    return duePage(state, kinds, now, limit).items();
  }

  /**
   * As {@link #due}; each kind's query reads one key beyond the limit to tell whether more are due.
   */
  @Override
  public DuePage duePage(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    if (!StoreRules.wantsItems(limit) || kinds.isEmpty()) {
      return DuePage.EMPTY;
    }
    String operation = "list due " + state + " requests";
    List<AccessRequest> found = new ArrayList<>();
    boolean more = false;
    for (GrantKind kind : kinds) {
      QueryRequest query =
          QueryRequest.builder()
              .indexName(RequestItems.DUE_INDEX)
              .keyConditionExpression("#dueKey = :dueKey AND #dueAt <= :now")
              .expressionAttributeNames(
                  Map.of("#dueKey", RequestItems.DUE_KEY, "#dueAt", RequestItems.DUE_AT))
              .expressionAttributeValues(
                  Map.of(
                      ":dueKey", AttributeValue.fromS(RequestItems.dueKey(state, kind.id())),
                      ":now", AttributeValue.fromN(Long.toString(RequestKeys.millis(now)))))
              .scanIndexForward(true)
              .build();
      // The index holds whole milliseconds: requests due later within now's millisecond come back
      // from the query too, and are passed over on the exact due time in the document.
      DuePage page =
          indexes.collectPage(
              operation,
              query,
              r -> StoreRules.isDue(r, state, Set.of(kind), now),
              limit,
              IndexReader.MAX_SKIPPED);
      found.addAll(page.items());
      more |= page.more();
    }
    return new DuePage(StoreRules.earliestDueFirst(found, limit), more || found.size() > limit);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    QueryRequest query =
        QueryRequest.builder()
            .indexName(RequestItems.REQUESTER_INDEX)
            .keyConditionExpression("#requester = :requester")
            .expressionAttributeNames(Map.of("#requester", RequestItems.REQUESTER))
            .expressionAttributeValues(
                Map.of(":requester", AttributeValue.fromS(requester.email())))
            .scanIndexForward(false)
            .build();
    return StoreRules.newestFirst(
        indexes.collect(
            "list the requests of a requester",
            query,
            r -> r.requester().equals(requester),
            limit,
            IndexReader.MAX_SKIPPED),
        limit);
  }

  /**
   * One query of the sparse pending index per entitlement, each for at most {@code limit}, merged:
   * the reads follow the pending requests of those entitlements, never their history.
   */
  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<AccessRequest> found = new ArrayList<>();
    for (EntitlementId entitlement : entitlements.stream().distinct().toList()) {
      QueryRequest query =
          QueryRequest.builder()
              .indexName(RequestItems.PENDING_INDEX)
              .keyConditionExpression("#entitlement = :entitlement")
              .expressionAttributeNames(Map.of("#entitlement", RequestItems.PENDING_ENTITLEMENT))
              .expressionAttributeValues(
                  Map.of(":entitlement", AttributeValue.fromS(entitlement.value())))
              .scanIndexForward(false)
              .build();
      found.addAll(
          indexes.collect(
              "list pending requests",
              query,
              r -> r.state() == RequestState.PENDING && r.entitlement().equals(entitlement),
              limit,
              IndexReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /**
   * Issue 14: the open break-glass reviews, from the same sparse index as {@link #pendingFor} under
   * the key {@code review#<entitlement>}: one query per entitlement, merged.
   */
  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<AccessRequest> found = new ArrayList<>();
    for (EntitlementId entitlement : entitlements.stream().distinct().toList()) {
      QueryRequest query =
          QueryRequest.builder()
              .indexName(RequestItems.PENDING_INDEX)
              .keyConditionExpression("#entitlement = :entitlement")
              .expressionAttributeNames(Map.of("#entitlement", RequestItems.PENDING_ENTITLEMENT))
              .expressionAttributeValues(
                  Map.of(
                      ":entitlement",
                      AttributeValue.fromS(RequestItems.REVIEW_PREFIX + entitlement.value())))
              .scanIndexForward(false)
              .build();
      found.addAll(
          indexes.collect(
              "list open break-glass reviews",
              query,
              r -> r.waitsOnApprovers() && r.entitlement().equals(entitlement),
              limit,
              IndexReader.MAX_SKIPPED));
    }
    return StoreRules.newestFirst(found, limit);
  }

  /**
   * Read in full, each request re-read consistently, so none is reported ACTIVE after it ended.
   *
   * <p>The risk left: the index is eventually consistent, so a request that became ACTIVE a moment
   * ago (GSI propagation, typically well under a second) may not be listed yet, and a revoke that
   * counts holders in that moment could remove an artifact the new request shares. Ruling that out
   * would need the holders counted in one item written transactionally with each transition.
   */
  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    QueryRequest query =
        QueryRequest.builder()
            .indexName(RequestItems.GRANT_KEY_INDEX)
            .keyConditionExpression("#grantKey = :grantKey AND #state = :active")
            .expressionAttributeNames(
                Map.of("#grantKey", RequestItems.GRANT_KEY, "#state", RequestItems.STATE))
            .expressionAttributeValues(
                Map.of(
                    ":grantKey", AttributeValue.fromS(key.value()),
                    ":active", AttributeValue.fromS(RequestState.ACTIVE.name())))
            .build();
    return indexes.collect(
        "list active requests by grant key",
        query,
        r -> r.state() == RequestState.ACTIVE && r.grantKey().equals(key),
        Integer.MAX_VALUE,
        Integer.MAX_VALUE);
  }

  /**
   * From the {@code byAuditHour} index ({@link AuditHourItems}). The index is eventually
   * consistent: an event written a moment ago may not be listed yet, so an export should end a
   * little in the past.
   */
  @Override
  public List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    try {
      return AuditHourItems.query(client, tableName, hour, after, limit);
    } catch (SdkException e) {
      throw failure("list the requests with audit events in an hour", e);
    }
  }

  /**
   * The store's error for a failed call: names the operation and DynamoDB's error code, never an
   * item's contents; the cause keeps the SDK's details.
   */
  static StoreException failure(String operation, SdkException e) {
    StringBuilder message = new StringBuilder("the request store could not ").append(operation);
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      message.append(" (").append(service.awsErrorDetails().errorCode());
      if (service.isThrottlingException()) {
        message.append(", still throttled after the client's retries");
      }
      message.append(')');
    } else {
      message.append(" (").append(e.getClass().getSimpleName()).append(')');
    }
    return new StoreException(message.toString(), e);
  }
}
