package dev.jitgate.azure.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.store.TestRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the store lays out its index entities and reads through them, on a real Azurite. */
class TableRequestStoreIndexesOnAzuriteTest {
  @RegisterExtension static final Azurite AZURITE = new Azurite();

  private static final EnumSet<GrantKind> ALL_KINDS = EnumSet.allOf(GrantKind.class);
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  private final Interceptor interceptor = new Interceptor();
  private TableClient table;
  private TableRequestStore store;

  @BeforeEach
  void freshTable() {
    table = AZURITE.newTable(interceptor);
    store = new TableRequestStore(table, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void dropTable() {
    table.deleteTable();
  }

  @Test
  void create_writesTheRequestAndOneIndexEntityPerQueryItIsInAndItsAuditHour() {
    AccessRequest pending = request().pending();

    store.create(pending);

    String id = pending.id().value();
    String created = TableKeys.sortableDescending(pending.createdAt().toEpochMilli()) + ":" + id;
    assertThat(table.listEntities())
        .extracting(e -> e.getPartitionKey() + " " + e.getRowKey())
        .containsExactlyInAnyOrder(
            "r:" + id + " doc",
            "usr:alice@example.com " + created,
            "due:PENDING:gcp.iam-binding "
                + TableKeys.sortable(pending.dueAt().toEpochMilli())
                + ":"
                + id,
            "pnd:prod-read " + created,
            IndexEntries.auditHourPartition(
                    dev.jitgate.audit.AuditHours.hourOf(pending.createdAt()).toEpochMilli())
                + " "
                + id);
    TableEntity entry =
        table.getEntity(IndexEntries.requesterPartition(pending.requester()), created);
    assertThat(entry.getProperties())
        .containsEntry("id", id)
        .containsEntry("version", pending.version())
        .containsEntry("writtenAt", T0.toEpochMilli());
  }

  @Test
  void activeRequest_isIndexedUnderItsEscapedGrantKey() {
    AccessRequest active = request().grant(TestRequests.azureRoleAssignment()).active();

    store.create(active);

    String partition = IndexEntries.activePartition(active.grantKey());
    assertThat(active.grantKey().value()).contains("/");
    assertThat(partition).startsWith("act:azure.role-assignment|%2Fsubscriptions%2F");
    assertThat(partition).doesNotContain("/", "#", "?", "\\");
    assertThat(table.getEntity(partition, active.id().value()).getProperty("id"))
        .isEqualTo(active.id().value());
    assertThat(store.activeByGrantKey(active.grantKey())).containsExactly(active);
  }

  @Test
  void byRequester_withCharactersAzureRefusesInKeys_findsTheirRequests() {
    String odd = "o'brien/ops#1?x\\y@example.com";
    AccessRequest theirs = request().requester(odd).pending();
    AccessRequest other = request().requester("o'brien@example.com").pending();
    store.create(theirs);
    store.create(other);

    assertThat(store.byRequester(new UserId(odd), 10)).containsExactly(theirs);
    assertThat(store.byRequester(new UserId("o'brien@example.com"), 10)).containsExactly(other);
  }

  @Test
  void update_thatOnlyAddsAnEvent_readsTheHeaderAndWritesTheRequestOnly() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest notified =
        pending.record(AuditType.NOTIFIED, "jitgate", Map.of("to", "x"), T0.plus(STEP));
    interceptor.clear();

    assertThat(store.update(notified, pending.version())).isTrue();

    String doc =
        "/devstoreaccount1/"
            + table.getTableName()
            + "(PartitionKey='r:"
            + pending.id()
            + "',RowKey='doc')";
    assertThat(interceptor.requests()).containsExactly("GET " + doc, "PUT " + doc);
    assertThat(store.get(pending.id())).contains(notified);
  }

  @Test
  void update_writesOnlyTheIndexEntitiesTheNewVersionAdds() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));
    interceptor.clear();

    assertThat(store.update(approved, pending.version())).isTrue();

    assertThat(interceptor.requests())
        .hasSize(3)
        .filteredOn(r -> r.startsWith("PUT ") && r.contains("PartitionKey='due:APPROVED:"))
        .hasSize(1);
  }

  @Test
  void due_pagesPastRequestsDueLaterInTheSameMillisecond() {
    Instant start = T0.plus(Duration.ofHours(1));
    // Within one millisecond RowKeys order by id: ids on both sides of the due one make sure a
    // request due later comes first in either order.
    AccessRequest laterLow = request().id("AAAAAAAAAAAA").at(start.plusNanos(900_000)).pending();
    AccessRequest laterHigh = request().id("zzzzzzzzzzzz").at(start.plusNanos(800_000)).pending();
    AccessRequest onTime = request().id("mmmmmmmmmmmm").at(start.plusNanos(100_000)).pending();
    List.of(laterLow, laterHigh, onTime).forEach(store::create);

    assertThat(store.due(RequestState.PENDING, ALL_KINDS, onTime.dueAt(), 1))
        .containsExactly(onTime);
    assertThat(store.due(RequestState.PENDING, ALL_KINDS, onTime.dueAt().minusNanos(1), 1))
        .isEmpty();
  }

  @Test
  void byRequester_withALimit_takesEveryRequestOfTheLastMillisecondBeforeCutting() {
    Instant start = T0.plus(Duration.ofHours(1));
    // The newest sorts last among its millisecond (by id), where a plain cut would drop it.
    AccessRequest older = request().id("AAAAAAAAAAAA").at(start.plusNanos(100_000)).pending();
    AccessRequest middle = request().id("mmmmmmmmmmmm").at(start.plusNanos(500_000)).pending();
    AccessRequest newest = request().id("zzzzzzzzzzzz").at(start.plusNanos(900_000)).pending();
    List.of(older, newest, middle).forEach(store::create);

    assertThat(store.byRequester(newest.requester(), 1)).containsExactly(newest);
    assertThat(store.byRequester(newest.requester(), 2)).containsExactly(newest, middle);
  }

  @Test
  void due_readsPastManyStaleEntitiesOverSeveralPages_andCleansThemUp() {
    List<AccessRequest> movedOn = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      AccessRequest pending = request().at(T0.plusSeconds(i)).pending();
      store.create(pending);
      AccessRequest cancelled = pending.cancel(pending.requester(), T0.plus(STEP));
      assertThat(store.update(cancelled, pending.version())).isTrue();
      movedOn.add(cancelled);
    }
    AccessRequest stillPending = request().at(T0.plus(Duration.ofHours(1))).pending();
    store.create(stillPending);

    assertThat(store.due(RequestState.PENDING, ALL_KINDS, FAR_FUTURE, 1))
        .containsExactly(stillPending);

    assertThat(table.listEntities())
        .filteredOn(e -> e.getPartitionKey().startsWith("due:PENDING:"))
        .extracting(e -> e.getProperty("id"))
        .containsExactly(stillPending.id().value());
    assertThat(movedOn).allSatisfy(r -> assertThat(store.get(r.id())).contains(r));
  }

  @Test
  void due_forOneKind_neverReadsTheOtherKindsPartitions() {
    for (int i = 0; i < 5; i++) {
      store.create(request().at(T0.plusSeconds(i)).active());
    }
    AccessRequest pim =
        request().grant(TestRequests.azurePim()).at(T0.plus(Duration.ofDays(1))).active();
    store.create(pim);
    interceptor.clear();

    assertThat(store.due(RequestState.ACTIVE, EnumSet.of(GrantKind.AZURE_PIM), FAR_FUTURE, 10))
        .containsExactly(pim);

    assertThat(interceptor.requests())
        .containsExactly(
            "GET /devstoreaccount1/" + table.getTableName() + "()",
            "GET /devstoreaccount1/"
                + table.getTableName()
                + "(PartitionKey='r:"
                + pim.id()
                + "',RowKey='doc')");
  }
}
