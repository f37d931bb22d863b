package dev.jitgate.aws.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.store.TestRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** How the DynamoDB store lays out its indexes and pages through them, on a real DynamoDB Local. */
class DynamoRequestStoreIndexesOnDynamoDbLocalTest {
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  private static DynamoDbLocal dynamo;
  private String table;
  private DynamoRequestStore store;

  @BeforeAll
  static void start() throws Exception {
    dynamo = DynamoDbLocal.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (dynamo != null) {
      dynamo.stop();
    }
  }

  @BeforeEach
  void freshTable() {
    table = dynamo.createTable();
    store = new DynamoRequestStore(dynamo.client(), table);
  }

  @AfterEach
  void dropTable() {
    dynamo.deleteTable(table);
  }

  @Test
  void tableDefinition_isOnDemandWithFiveKeysOnlyIndexes() {
    TableDescription created = dynamo.client().describeTable(b -> b.tableName(table)).table();

    assertThat(DynamoRequestStore.tableDefinition(table).billingMode())
        .isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(created.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk");
    assertThat(created.globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .containsExactlyInAnyOrder(
            "due", "byRequester", "pendingByEntitlement", "byGrantKey", "byAuditHour");
    assertThat(created.globalSecondaryIndexes())
        .allSatisfy(
            i -> assertThat(i.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY));
  }

  @Test
  void due_forOneKind_findsItsRequestsBehindManyDueEarlierOfAnotherKind() {
    List<AccessRequest> gcp = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      gcp.add(request().at(T0.plusSeconds(i)).active());
    }
    gcp.forEach(store::create);
    AccessRequest aws =
        request().grant(TestRequests.awsIdentityCenter()).at(T0.plus(Duration.ofDays(1))).active();
    store.create(aws);

    assertThat(
            store.due(
                RequestState.ACTIVE, EnumSet.of(GrantKind.AWS_IDENTITY_CENTER), FAR_FUTURE, 1))
        .containsExactly(aws);
    assertThat(store.due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), FAR_FUTURE, 3))
        .containsExactly(gcp.get(0), gcp.get(1), gcp.get(2));
    assertThat(store.due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), FAR_FUTURE, 200))
        .hasSize(151)
        .isSortedAccordingTo(Comparator.comparing(AccessRequest::dueAt))
        .endsWith(aws);
  }

  @Test
  void due_pagesPastRequestsDueLaterInTheSameMillisecond() {
    Instant start = T0.plus(Duration.ofHours(1));
    // Within one millisecond the index cannot order them; ids on both sides of the due one make
    // sure a request due later comes first in either order of ties.
    AccessRequest laterLow = request().id("AAAAAAAAAAAA").at(start.plusNanos(900_000)).pending();
    AccessRequest laterHigh = request().id("zzzzzzzzzzzz").at(start.plusNanos(800_000)).pending();
    AccessRequest onTime = request().id("mmmmmmmmmmmm").at(start.plusNanos(100_000)).pending();
    List.of(laterLow, laterHigh, onTime).forEach(store::create);

    assertThat(store.due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), onTime.dueAt(), 1))
        .containsExactly(onTime);
    assertThat(
            store.due(
                RequestState.PENDING,
                EnumSet.allOf(GrantKind.class),
                onTime.dueAt().minusNanos(1),
                1))
        .isEmpty();
  }

  @Test
  void dueIndex_holdsOnlyRequestsWithADueTime_andDropsOneWhenItsDueTimeIsCleared() {
    AccessRequest pending = request().pending();
    AccessRequest denied = request().denied();
    AccessRequest expired = request().expired();
    List.of(pending, denied, expired).forEach(store::create);

    assertThat(indexKeys("due")).containsExactly("REQ#" + pending.id());
    assertThat(item(pending).get("dueKey").s()).isEqualTo("PENDING#gcp.iam-binding");
    assertThat(item(denied)).doesNotContainKeys("dueAt", "dueKey");

    AccessRequest cancelled = pending.cancel(pending.requester(), T0.plus(STEP));
    assertThat(store.update(cancelled, pending.version())).isTrue();

    assertThat(indexKeys("due")).isEmpty();
    assertThat(item(cancelled)).doesNotContainKeys("dueAt", "dueKey");
  }

  @Test
  void pendingIndex_holdsOnlyPendingRequests() {
    AccessRequest pending = request().approvals(2).pending();
    AccessRequest approved = request().approved();
    List.of(pending, approved).forEach(store::create);

    assertThat(indexKeys("pendingByEntitlement")).containsExactly("REQ#" + pending.id());

    AccessRequest halfApproved = pending.approve(approver(1), "ok", T0.plus(STEP));
    store.update(halfApproved, pending.version());
    assertThat(indexKeys("pendingByEntitlement")).containsExactly("REQ#" + pending.id());

    AccessRequest denied = halfApproved.deny(approver(2), "no", T0.plus(STEP.multipliedBy(2)));
    store.update(denied, halfApproved.version());
    assertThat(indexKeys("pendingByEntitlement")).isEmpty();
  }

  @Test
  void byRequester_pagesThroughMoreThanOneBatchOfReads() {
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      created.add(request().at(T0.plusSeconds(i)).pending());
    }
    created.forEach(store::create);

    List<AccessRequest> newest = store.byRequester(new UserId(TestRequests.REQUESTER), 120);

    List<AccessRequest> newestFirst = new ArrayList<>(created);
    Collections.reverse(newestFirst);
    assertThat(newest).containsExactlyElementsOf(newestFirst.subList(0, 120));
  }

  @Test
  void byRequester_withLargeItems_readsEveryPageOfTheQuery() {
    // DynamoDB Local ends a query page at 1 MB of whole items, even on a keys-only index: four of
    // these requests of about 300 KB fill one.
    String justification = "x".repeat(150_000);
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      created.add(request().justification(justification).at(T0.plusSeconds(i)).pending());
    }
    created.forEach(store::create);

    List<AccessRequest> all = store.byRequester(new UserId(TestRequests.REQUESTER), 20);

    List<AccessRequest> newestFirst = new ArrayList<>(created);
    Collections.reverse(newestFirst);
    assertThat(all).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void pendingFor_manyEntitlements_mergesNewestFirst() {
    List<AccessRequest> created = new ArrayList<>();
    List<EntitlementId> entitlements = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      AccessRequest r = request().entitlement("ent-" + i).at(T0.plusSeconds(i)).pending();
      created.add(r);
      entitlements.add(r.entitlement());
    }
    created.forEach(store::create);

    assertThat(store.pendingFor(entitlements, 3))
        .containsExactly(created.get(11), created.get(10), created.get(9));
  }

  @Test
  void activeByGrantKey_readsMoreHoldersThanOnePage() {
    List<AccessRequest> holders = new ArrayList<>();
    for (int i = 0; i < 105; i++) {
      holders.add(
          request()
              .entitlement("payments-" + i)
              .grant(TestRequests.azureRoleAssignment())
              .at(T0.plusSeconds(i))
              .active());
    }
    holders.forEach(store::create);

    assertThat(store.activeByGrantKey(holders.get(0).grantKey()))
        .containsExactlyInAnyOrderElementsOf(holders);
  }

  private List<String> indexKeys(String index) {
    return dynamo.client().scan(b -> b.tableName(table).indexName(index)).items().stream()
        .map(i -> i.get("pk").s())
        .toList();
  }

  private Map<String, AttributeValue> item(AccessRequest r) {
    return dynamo
        .client()
        .getItem(b -> b.tableName(table).key(RequestItems.key(r.id())).consistentRead(true))
        .item();
  }
}
