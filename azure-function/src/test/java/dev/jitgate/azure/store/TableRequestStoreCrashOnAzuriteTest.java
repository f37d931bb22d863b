package dev.jitgate.azure.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.store.StoreException;
import dev.jitgate.store.TestRequests;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A function that stops between writing the index entities and writing the request: the request
 * stays as it was, no query reports what was not written, a request that becomes due is still
 * found, and the index entities left behind are passed over and cleaned up.
 */
class TableRequestStoreCrashOnAzuriteTest {
  @RegisterExtension static final Azurite AZURITE = new Azurite();

  private static final EnumSet<GrantKind> ALL_KINDS = EnumSet.allOf(GrantKind.class);
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  private final Interceptor interceptor = new Interceptor();
  private final MutableClock clock = new MutableClock(T0);
  private TableClient table;
  private TableClient raw;
  private TableRequestStore store;

  @BeforeEach
  void freshTable() {
    table = AZURITE.newTable(interceptor);
    raw = AZURITE.client(table.getTableName());
    store = new TableRequestStore(table, clock);
  }

  @AfterEach
  void dropTable() {
    raw.deleteTable();
  }

  @Test
  void update_whenTheRequestWriteFailsAfterTheIndexWrites_keepsTheOldVersionAndReportsNoPhantom() {
    AccessRequest approved = request().grant(TestRequests.azureRoleAssignment()).approved();
    store.create(approved);
    AccessRequest active = approved.activate(T0.plus(STEP.multipliedBy(2)), Map.of());
    interceptor.failRequestWrites(true);

    assertThatThrownBy(() -> store.update(active, approved.version()))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the request store could not update request " + approved.id() + " (IOException)");

    // The index entities of the ACTIVE version were written...
    assertThat(partition(IndexEntries.activePartition(active.grantKey()))).hasSize(1);
    assertThat(partition(IndexEntries.duePartition(RequestState.ACTIVE, active.grant().kind())))
        .hasSize(1);
    // ...but the request is still APPROVED, and no query says otherwise.
    assertThat(store.get(approved.id())).contains(approved);
    assertThat(store.activeByGrantKey(active.grantKey())).isEmpty();
    assertThat(store.due(RequestState.ACTIVE, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();
    // The sweep still finds it due for activation, and can activate it.
    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, approved.dueAt(), 10))
        .containsExactly(approved);
    interceptor.failRequestWrites(false);
    assertThat(store.update(active, approved.version())).isTrue();
    assertThat(store.activeByGrantKey(active.grantKey())).containsExactly(active);
    assertThat(store.due(RequestState.ACTIVE, ALL_KINDS, FAR_FUTURE, 10)).containsExactly(active);
  }

  @Test
  void update_whenTheRequestWriteFails_thePendingRequestIsStillFoundWhenItBecomesDue() {
    AccessRequest pending = request().pending();
    store.create(pending);
    interceptor.failRequestWrites(true);

    assertThatThrownBy(
            () ->
                store.update(pending.approve(approver(1), "ok", T0.plus(STEP)), pending.version()))
        .isInstanceOf(StoreException.class);

    interceptor.failRequestWrites(false);
    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();
    assertThat(store.due(RequestState.PENDING, ALL_KINDS, pending.dueAt().minusMillis(1), 10))
        .isEmpty();
    clock.set(pending.dueAt());
    assertThat(store.due(RequestState.PENDING, ALL_KINDS, pending.dueAt(), 10))
        .containsExactly(pending);
    assertThat(store.pendingFor(List.of(pending.entitlement()), 10)).containsExactly(pending);
  }

  @Test
  void indexEntityAheadOfItsRequest_isLeftAloneWhileItsWriterMayStillBeWriting() {
    AccessRequest pending = request().pending();
    store.create(pending);
    interceptor.failRequestWrites(true);
    assertThatThrownBy(() -> store.update(approvedFrom(pending), pending.version()))
        .isInstanceOf(StoreException.class);
    interceptor.failRequestWrites(false);
    String approvedDue =
        IndexEntries.duePartition(RequestState.APPROVED, GrantKind.GCP_IAM_BINDING);
    clock.advance(IndexReader.ABANDONED_AFTER.minusSeconds(1));

    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();

    assertThat(partition(approvedDue)).hasSize(1);
    assertThat(raw.getEntity(RequestEntities.partition(pending.id()), "doc").getProperties())
        .doesNotContainKey(RequestEntities.FENCED_AT);
  }

  @Test
  void indexEntityAheadOfItsRequest_onceAbandoned_isDeletedAndItsWriterFenced() {
    AccessRequest pending = request().pending();
    store.create(pending);
    TableEntity before = raw.getEntity(RequestEntities.partition(pending.id()), "doc");
    interceptor.failRequestWrites(true);
    assertThatThrownBy(() -> store.update(approvedFrom(pending), pending.version()))
        .isInstanceOf(StoreException.class);
    interceptor.failRequestWrites(false);
    String approvedDue =
        IndexEntries.duePartition(RequestState.APPROVED, GrantKind.GCP_IAM_BINDING);
    clock.advance(IndexReader.ABANDONED_AFTER);

    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();

    assertThat(partition(approvedDue)).isEmpty();
    // The abandoned write, arriving late with the ETag it read, can no longer land.
    TableEntity late = RequestEntities.entity(approvedFrom(pending), List.of());
    RequestTable.withEtag(late, before.getETag());
    assertThatThrownBy(
            () ->
                raw.updateEntityWithResponse(
                    late, TableEntityUpdateMode.REPLACE, true, null, Context.NONE))
        .isInstanceOfSatisfying(
            TableServiceException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(412));
    // A writer that reads again goes on as usual.
    assertThat(store.get(pending.id())).contains(pending);
    assertThat(store.update(approvedFrom(pending), pending.version())).isTrue();
    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, FAR_FUTURE, 10))
        .containsExactly(approvedFrom(pending));
  }

  @Test
  void create_whenTheRequestWriteFails_leavesNoRequestAndItsEntitiesAreCleanedOnceAbandoned() {
    AccessRequest pending = request().pending();
    interceptor.failRequestWrites(true);

    assertThatThrownBy(() -> store.create(pending))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the request store could not create request " + pending.id() + " (IOException)");

    interceptor.failRequestWrites(false);
    // Three query index entities and the audit-hour entity.
    assertThat(raw.listEntities()).hasSize(4);
    assertThat(store.get(pending.id())).isEmpty();
    assertThat(store.byRequester(pending.requester(), 10)).isEmpty();
    assertThat(store.pendingFor(List.of(pending.entitlement()), 10)).isEmpty();
    assertThat(store.due(RequestState.PENDING, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();
    assertThat(raw.listEntities()).hasSize(4);

    clock.advance(IndexReader.ABANDONED_AFTER);
    assertThat(store.byRequester(pending.requester(), 10)).isEmpty();
    assertThat(store.pendingFor(List.of(pending.entitlement()), 10)).isEmpty();
    assertThat(store.due(RequestState.PENDING, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();

    // What is left is a tombstone, which reads as no request and keeps the late create out, and
    // the audit-hour entity, which no query reader cleans: the export reads the request, finds
    // none, and writes nothing for it.
    assertThat(raw.listEntities())
        .filteredOn(e -> !e.getPartitionKey().startsWith("aud:"))
        .singleElement()
        .satisfies(e -> assertThat(RequestEntities.isTombstone(e)).isTrue());
    assertThat(store.withEventsInHour(pending.createdAt(), java.util.Optional.empty(), 10))
        .containsExactly(pending.id());
    assertThat(store.get(pending.id())).isEmpty();
    assertThatThrownBy(() -> store.create(pending)).isInstanceOf(ConflictException.class);
    assertThat(store.update(approvedFrom(pending), pending.version())).isFalse();
  }

  @Test
  void indexEntitiesALaterVersionNoLongerNeeds_areDeletedByTheFirstReader() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest approved = approvedFrom(pending);
    assertThat(store.update(approved, pending.version())).isTrue();
    String pendingDue = IndexEntries.duePartition(RequestState.PENDING, GrantKind.GCP_IAM_BINDING);
    assertThat(partition(pendingDue)).hasSize(1);
    assertThat(partition(IndexEntries.pendingPartition(pending.entitlement()))).hasSize(1);

    assertThat(store.due(RequestState.PENDING, ALL_KINDS, FAR_FUTURE, 10)).isEmpty();
    assertThat(store.pendingFor(List.of(pending.entitlement()), 10)).isEmpty();

    assertThat(partition(pendingDue)).isEmpty();
    assertThat(partition(IndexEntries.pendingPartition(pending.entitlement()))).isEmpty();
    assertThat(store.due(RequestState.APPROVED, ALL_KINDS, FAR_FUTURE, 10))
        .containsExactly(approved);
  }

  private static AccessRequest approvedFrom(AccessRequest pending) {
    return pending.approve(approver(1), "ok", T0.plus(STEP));
  }

  private List<TableEntity> partition(String partitionKey) {
    ListEntitiesOptions options =
        new ListEntitiesOptions().setFilter("PartitionKey eq " + TableKeys.literal(partitionKey));
    return raw.listEntities(options, null, Context.NONE).stream().toList();
  }
}
