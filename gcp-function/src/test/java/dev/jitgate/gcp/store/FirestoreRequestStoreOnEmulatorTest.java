package dev.jitgate.gcp.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestStoreContract;
import dev.jitgate.store.TestRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store contract, the 8-writer races included, and the Firestore layout and paging, on Google's
 * Firestore emulator. Each test gets a fresh collection in this class's own project.
 */
@ExtendWith(OnFirestoreEmulator.class)
class FirestoreRequestStoreOnEmulatorTest extends RequestStoreContract {
  private static final String PROJECT = "jitgate-store-contract";
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  private static Firestore firestore;
  private String collection;
  private FirestoreRequestStore store;

  @BeforeAll
  static void connect(FirestoreEmulator emulator) {
    firestore = emulator.client(PROJECT);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void freshCollection() {
    collection = "requests-" + UUID.randomUUID();
    store = FirestoreRequestStore.connect(firestore, collection);
  }

  @Override
  protected RequestStore store() {
    return store;
  }

  @Test
  void create_storesTheQueryFieldsBesideTheDocument() throws Exception {
    AccessRequest active = request().grant(TestRequests.azurePim()).active();

    store.create(active);

    DocumentSnapshot stored = stored(active);
    assertThat(stored.getId()).isEqualTo("req-" + active.id());
    assertThat(stored.getString("doc")).isEqualTo(RequestDocument.toJson(active));
    assertThat(stored.getLong("version")).isEqualTo(active.version());
    assertThat(stored.getString("state")).isEqualTo("ACTIVE");
    assertThat(stored.getString("kind")).isEqualTo(GrantKind.AZURE_PIM.id());
    assertThat(stored.getString("requester")).isEqualTo(active.requester().email());
    assertThat(stored.getString("entitlement")).isEqualTo(active.entitlement().value());
    assertThat(stored.getString("grantKey")).isEqualTo(active.grantKey().value());
    assertThat(stored.getTimestamp("createdAt"))
        .isEqualTo(Timestamp.ofTimeSecondsAndNanos(T0.getEpochSecond(), 0));
    assertThat(stored.getTimestamp("dueAt"))
        .isEqualTo(
            Timestamp.ofTimeSecondsAndNanos(
                active.dueAt().getEpochSecond(), active.dueAt().getNano()));
    assertThat(stored.getString("writeId")).isNotBlank();
  }

  @Test
  void update_whenNothingIsDueAnyMore_removesTheDueField() throws Exception {
    AccessRequest pending = request().pending();
    store.create(pending);
    assertThat(stored(pending).contains("dueAt")).isTrue();

    AccessRequest cancelled = pending.cancel(pending.requester(), T0.plus(STEP));
    assertThat(store.update(cancelled, pending.version())).isTrue();

    DocumentSnapshot stored = stored(cancelled);
    assertThat(stored.contains("dueAt")).isFalse();
    assertThat(stored.getString("state")).isEqualTo("CANCELLED");
    assertThat(stored.getLong("version")).isEqualTo(cancelled.version());
  }

  @Test
  void create_withAnIdFirestoreWouldReserve_isStoredUnderThePrefixedId() {
    // Firestore reserves document ids matching __.*__; a request id may look like that.
    AccessRequest reserved = request().id("__abcdef__").pending();

    store.create(reserved);

    assertThat(store.get(reserved.id())).contains(reserved);
  }

  @Test
  void due_pagesPastRequestsDueLaterInTheSameMicrosecond() {
    Instant start = T0.plus(Duration.ofHours(1));
    // Firestore keeps microseconds, so these three share one due time in the index; ids on both
    // sides of the on-time one put a later one first in the index's order of ties.
    AccessRequest laterLow = request().id("AAAAAAAAAAAA").at(start.plusNanos(900)).pending();
    AccessRequest laterHigh = request().id("zzzzzzzzzzzz").at(start.plusNanos(800)).pending();
    AccessRequest onTime = request().id("mmmmmmmmmmmm").at(start.plusNanos(100)).pending();
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
  void due_readsPageAfterPageUpToTheLimit() {
    FirestoreRequestStore smallPages = FirestoreRequestStore.connect(firestore, collection, 4);
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      created.add(request().at(T0.plusSeconds(i)).active());
    }
    created.forEach(smallPages::create);

    assertThat(smallPages.due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), FAR_FUTURE, 9))
        .containsExactlyElementsOf(created.subList(0, 9));
  }

  @Test
  void byRequester_readsPageAfterPageNewestFirst() {
    FirestoreRequestStore smallPages = FirestoreRequestStore.connect(firestore, collection, 3);
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      created.add(request().at(T0.plusSeconds(i)).pending());
    }
    created.forEach(smallPages::create);

    List<AccessRequest> newestFirst = new ArrayList<>(created);
    Collections.reverse(newestFirst);
    assertThat(smallPages.byRequester(new UserId(TestRequests.REQUESTER), 8))
        .containsExactlyElementsOf(newestFirst.subList(0, 8));
  }

  @Test
  void pendingFor_moreEntitlementsThanOneInFilterTakes_mergesNewestFirst() {
    List<EntitlementId> entitlements = new ArrayList<>();
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      AccessRequest r = request().entitlement("ent-" + i).at(T0.plusSeconds(i)).pending();
      created.add(r);
      entitlements.add(r.entitlement());
    }
    created.forEach(store::create);
    // A duplicate must not count twice against the filter's 30 values.
    entitlements.add(entitlements.get(0));

    assertThat(store.pendingFor(entitlements, 3))
        .containsExactly(created.get(64), created.get(63), created.get(62));
    assertThat(store.pendingFor(entitlements, 100)).hasSize(65);
  }

  @Test
  void activeByGrantKey_readsMoreHoldersThanOnePage() {
    FirestoreRequestStore smallPages = FirestoreRequestStore.connect(firestore, collection, 4);
    List<AccessRequest> holders = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      holders.add(
          request()
              .entitlement("payments-" + i)
              .grant(TestRequests.azureRoleAssignment())
              .at(T0.plusSeconds(i))
              .active());
    }
    holders.forEach(smallPages::create);

    assertThat(smallPages.activeByGrantKey(holders.get(0).grantKey()))
        .containsExactlyInAnyOrderElementsOf(holders);
  }

  @Test
  void connect_withAnInvalidCollectionId_isRefused() {
    for (String invalid : List.of("", "a/b", ".", "..", "__jitgate__", "x".repeat(1501))) {
      assertThatThrownBy(() -> FirestoreRequestStore.connect(firestore, invalid))
          .as("collection id '%s'", invalid)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private DocumentSnapshot stored(AccessRequest r) throws Exception {
    return firestore.collection(collection).document("req-" + r.id()).get().get();
  }
}
