package dev.jitgate.store;

import static dev.jitgate.store.TestRequests.APPROVAL_TIMEOUT;
import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.DuePage;
import dev.jitgate.port.RequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RequestStore} must show, run by each implementation against its real
 * server. {@link #store()} must give a store that is empty when each test starts (a fresh database,
 * or one the subclass cleared in its {@code @BeforeEach}).
 */
public abstract class RequestStoreContract extends AuditIndexContract {

  /** Writers racing on one request in the concurrency tests. */
  protected static final int WRITERS = 8;

  /** The store under test, empty at the start of each test. */
  protected abstract RequestStore store();

  /**
   * Whether the server under test really enforces conditional writes, so that racing writers can be
   * checked; true unless its emulator is known not to.
   */
  protected boolean enforcesConditionalWrites() {
    return true;
  }

  @Test
  void create_thenGet_returnsEveryFieldOfARequestInEveryState() {
    List<AccessRequest> requests = TestRequests.oneInEveryState(T0);
    requests.forEach(store()::create);

    for (AccessRequest r : requests) {
      assertThat(store().get(r.id())).contains(r);
    }
    assertThat(requests)
        .extracting(AccessRequest::state)
        .containsAll(List.of(RequestState.values()));
  }

  @Test
  void create_thenGet_returnsEveryGrantKind() {
    for (GrantSpec spec : TestRequests.everyGrantSpec()) {
      AccessRequest r = request().grant(spec).active();
      store().create(r);

      assertThat(store().get(r.id()))
          .hasValueSatisfying(
              read -> {
                assertThat(read.grant()).isEqualTo(spec);
                assertThat(read).isEqualTo(r);
              });
    }
  }

  @Test
  void get_whenMissing_isEmpty() {
    store().create(request().pending());

    assertThat(store().get(RequestId.random())).isEmpty();
  }

  @Test
  void create_whenIdExists_conflictsAndKeepsTheFirst() {
    AccessRequest first = request().id("duplicate-id-1").pending();
    AccessRequest second = request().id("duplicate-id-1").requester("bob@example.com").active();
    store().create(first);

    assertThatThrownBy(() -> store().create(second)).isInstanceOf(ConflictException.class);
    assertThat(store().get(first.id())).contains(first);
  }

  @Test
  void update_withTheReadVersion_replacesTheRequest() {
    AccessRequest pending = request().pending();
    store().create(pending);
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));

    boolean written = store().update(approved, pending.version());

    assertThat(written).isTrue();
    assertThat(store().get(pending.id())).contains(approved);
    assertThat(store().get(pending.id()).orElseThrow().version()).isEqualTo(pending.version() + 1);
  }

  @Test
  void update_withAStaleVersion_returnsFalseAndChangesNothing() {
    AccessRequest pending = request().approvals(2).pending();
    store().create(pending);
    AccessRequest first = pending.approve(approver(1), "first", T0.plus(STEP));
    assertThat(store().update(first, pending.version())).isTrue();

    AccessRequest basedOnStale =
        pending.deny(approver(2), "too late", T0.plus(STEP.multipliedBy(2)));
    boolean written = store().update(basedOnStale, pending.version());

    assertThat(written).isFalse();
    assertThat(store().get(pending.id())).contains(first);
  }

  @Test
  void update_whenMissing_returnsFalseAndCreatesNothing() {
    AccessRequest pending = request().pending();
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));

    assertThat(store().update(approved, pending.version())).isFalse();
    assertThat(store().get(pending.id())).isEmpty();
  }

  @Test
  void update_whenTheNextVersionIsNotHigher_isRefused() {
    AccessRequest pending = request().pending();
    store().create(pending);

    assertThatThrownBy(() -> store().update(pending, pending.version()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store().get(pending.id())).contains(pending);
  }

  @Test
  void update_movesTheRequestBetweenTheQueries() {
    AccessRequest pending = request().pending();
    store().create(pending);
    List<EntitlementId> prodRead = List.of(pending.entitlement());
    assertThat(store().pendingFor(prodRead, 10)).containsExactly(pending);

    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));
    store().update(approved, pending.version());
    AccessRequest active = approved.activate(T0.plus(STEP.multipliedBy(2)), Map.of());
    store().update(active, approved.version());

    assertThat(store().pendingFor(prodRead, 10)).isEmpty();
    assertThat(
            store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), pending.dueAt(), 10))
        .isEmpty();
    assertThat(store().due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), active.dueAt(), 10))
        .containsExactly(active);
    assertThat(store().activeByGrantKey(active.grantKey())).containsExactly(active);
  }

  @Test
  void due_returnsOnlyRequestsInThatState() {
    AccessRequest pending = request().pending();
    AccessRequest approved = request().approved();
    AccessRequest active = request().active();
    List.of(pending, approved, active).forEach(store()::create);
    Instant farFuture = T0.plus(Duration.ofDays(30));

    assertThat(store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), farFuture, 10))
        .containsExactly(pending);
    assertThat(store().due(RequestState.APPROVED, EnumSet.allOf(GrantKind.class), farFuture, 10))
        .containsExactly(approved);
    assertThat(store().due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), farFuture, 10))
        .containsExactly(active);
  }

  @Test
  void due_returnsOnlyRequestsDueAtOrBeforeNow() {
    AccessRequest early = request().at(T0).pending();
    AccessRequest onTime = request().at(T0.plus(Duration.ofHours(1))).pending();
    AccessRequest late = request().at(T0.plus(Duration.ofHours(1)).plusMillis(1)).pending();
    List.of(early, onTime, late).forEach(store()::create);

    List<AccessRequest> due =
        store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), onTime.dueAt(), 10);

    assertThat(due).containsExactly(early, onTime);
    assertThat(
            store()
                .due(
                    RequestState.PENDING,
                    EnumSet.allOf(GrantKind.class),
                    early.dueAt().minusMillis(1),
                    10))
        .isEmpty();
  }

  @Test
  void due_comparesExactInstantsWithinOneMillisecond() {
    Instant start = T0.plus(Duration.ofHours(1));
    AccessRequest onTime = request().at(start.plusNanos(250_000)).pending();
    AccessRequest halfAMillisecondLater = request().at(start.plusNanos(750_000)).pending();
    List.of(halfAMillisecondLater, onTime).forEach(store()::create);

    assertThat(
            store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), onTime.dueAt(), 10))
        .containsExactly(onTime);
    assertThat(
            store()
                .due(
                    RequestState.PENDING,
                    EnumSet.allOf(GrantKind.class),
                    halfAMillisecondLater.dueAt(),
                    10))
        .containsExactly(onTime, halfAMillisecondLater);
  }

  @Test
  void due_ordersByDueTimeEarliestFirst() {
    AccessRequest third = request().at(T0.plus(Duration.ofHours(3))).pending();
    AccessRequest first = request().at(T0.plus(Duration.ofHours(1))).pending();
    AccessRequest second = request().at(T0.plus(Duration.ofHours(2))).pending();
    List.of(third, first, second).forEach(store()::create);

    assertThat(store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), third.dueAt(), 10))
        .containsExactly(first, second, third);
  }

  @Test
  void due_honoursTheLimitKeepingTheEarliest() {
    for (int hour = 5; hour >= 1; hour--) {
      store().create(request().at(T0.plus(Duration.ofHours(hour))).pending());
    }
    Instant all = T0.plus(APPROVAL_TIMEOUT).plus(Duration.ofHours(5));

    List<AccessRequest> due =
        store().due(RequestState.PENDING, EnumSet.allOf(GrantKind.class), all, 2);

    assertThat(due)
        .extracting(AccessRequest::createdAt)
        .containsExactly(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)));
  }

  @Test
  void duePage_whenExactlyTheLimitIsDue_returnsThemAndSaysNoMore() {
    for (int hour = 3; hour >= 1; hour--) {
      store().create(request().at(T0.plus(Duration.ofHours(hour))).pending());
    }
    Instant all = T0.plus(APPROVAL_TIMEOUT).plus(Duration.ofHours(3));

    DuePage page =
        store().duePage(RequestState.PENDING, EnumSet.of(GrantKind.GCP_IAM_BINDING), all, 3);

    assertThat(page.items()).hasSize(3);
    assertThat(page.more()).isFalse();
  }

  @Test
  void duePage_whenMoreThanTheLimitAreDue_returnsTheEarliestAndSaysMore() {
    for (int hour = 4; hour >= 1; hour--) {
      store().create(request().at(T0.plus(Duration.ofHours(hour))).pending());
    }
    Instant all = T0.plus(APPROVAL_TIMEOUT).plus(Duration.ofHours(4));

    DuePage page =
        store().duePage(RequestState.PENDING, EnumSet.of(GrantKind.GCP_IAM_BINDING), all, 3);
    DuePage oneKindMore =
        store().duePage(RequestState.PENDING, EnumSet.allOf(GrantKind.class), all, 3);

    assertThat(page.items())
        .extracting(AccessRequest::createdAt)
        .containsExactly(
            T0.plus(Duration.ofHours(1)),
            T0.plus(Duration.ofHours(2)),
            T0.plus(Duration.ofHours(3)));
    assertThat(page.more()).isTrue();
    assertThat(oneKindMore.items()).isEqualTo(page.items());
    assertThat(oneKindMore.more()).isTrue();
  }

  @Test
  void duePage_whenFewerThanTheLimitAreDue_saysNoMore() {
    store().create(request().at(T0).pending());
    store().create(request().at(T0).grant(TestRequests.awsIdentityCenter()).pending());

    DuePage page =
        store()
            .duePage(
                RequestState.PENDING, EnumSet.allOf(GrantKind.class), T0.plus(APPROVAL_TIMEOUT), 3);

    assertThat(page.items()).hasSize(2);
    assertThat(page.more()).isFalse();
  }

  @Test
  void due_forSomeKinds_leavesOutTheOtherKinds() {
    AccessRequest gcp = request().grant(TestRequests.gcpIamBinding()).active();
    AccessRequest aws = request().grant(TestRequests.awsIdentityCenter()).active();
    AccessRequest azure = request().grant(TestRequests.azurePim()).active();
    List.of(gcp, aws, azure).forEach(store()::create);
    Instant farFuture = T0.plus(Duration.ofDays(365));

    assertThat(
            store()
                .due(RequestState.ACTIVE, EnumSet.of(GrantKind.AWS_IDENTITY_CENTER), farFuture, 10))
        .containsExactly(aws);
    assertThat(
            store()
                .due(
                    RequestState.ACTIVE,
                    EnumSet.of(GrantKind.GCP_IAM_BINDING, GrantKind.AZURE_PIM),
                    farFuture,
                    10))
        .containsExactlyInAnyOrder(gcp, azure);
    assertThat(store().due(RequestState.ACTIVE, EnumSet.noneOf(GrantKind.class), farFuture, 10))
        .isEmpty();
    assertThat(store().due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), farFuture, 10))
        .hasSize(3);
  }

  @Test
  void due_leavesOutRequestsWithNothingDue() {
    List<AccessRequest> ended =
        List.of(request().denied(), request().expired(), request().cancelled());
    ended.forEach(store()::create);
    Instant farFuture = T0.plus(Duration.ofDays(365));

    for (AccessRequest r : ended) {
      assertThat(r.dueAt()).isNull();
      assertThat(store().due(r.state(), EnumSet.allOf(GrantKind.class), farFuture, 10)).isEmpty();
    }
  }

  @Test
  void byRequester_returnsOnlyTheirRequestsNewestFirst() {
    AccessRequest oldest = request().at(T0).expired();
    AccessRequest middle = request().at(T0.plus(Duration.ofHours(1))).denied();
    AccessRequest newest = request().at(T0.plus(Duration.ofHours(2))).pending();
    AccessRequest bobs = request().requester("bob@example.com").at(T0.plus(STEP)).pending();
    List.of(middle, bobs, newest, oldest).forEach(store()::create);

    assertThat(store().byRequester(newest.requester(), 10)).containsExactly(newest, middle, oldest);
    assertThat(store().byRequester(new UserId("bob@example.com"), 10)).containsExactly(bobs);
    assertThat(store().byRequester(new UserId("carol@example.com"), 10)).isEmpty();
  }

  @Test
  void byRequester_honoursTheLimitKeepingTheNewest() {
    for (int hour = 0; hour < 5; hour++) {
      store().create(request().at(T0.plus(Duration.ofHours(hour))).pending());
    }

    assertThat(store().byRequester(new UserId(TestRequests.REQUESTER), 2))
        .extracting(AccessRequest::createdAt)
        .containsExactly(T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(3)));
  }

  @Test
  void pendingFor_returnsOnlyPendingRequestsForThoseEntitlementsNewestFirst() {
    AccessRequest dbAdmin = request().entitlement("db-admin").at(T0).pending();
    AccessRequest prodRead = request().entitlement("prod-read").at(T0.plus(STEP)).pending();
    AccessRequest approved = request().entitlement("db-admin").at(T0.plus(STEP)).approved();
    AccessRequest other = request().entitlement("billing-admin").at(T0.plus(STEP)).pending();
    List.of(dbAdmin, prodRead, approved, other).forEach(store()::create);

    List<AccessRequest> pending =
        store()
            .pendingFor(List.of(new EntitlementId("db-admin"), new EntitlementId("prod-read")), 10);

    assertThat(pending).containsExactly(prodRead, dbAdmin);
  }

  @Test
  void pendingFor_withNoEntitlements_isEmpty() {
    store().create(request().pending());

    assertThat(store().pendingFor(List.of(), 10)).isEmpty();
  }

  @Test
  void pendingFor_honoursTheLimitKeepingTheNewest() {
    for (int hour = 0; hour < 4; hour++) {
      String entitlement = hour % 2 == 0 ? "db-admin" : "prod-read";
      store()
          .create(request().entitlement(entitlement).at(T0.plus(Duration.ofHours(hour))).pending());
    }

    List<AccessRequest> pending =
        store()
            .pendingFor(List.of(new EntitlementId("db-admin"), new EntitlementId("prod-read")), 3);

    assertThat(pending)
        .extracting(AccessRequest::createdAt)
        .containsExactly(
            T0.plus(Duration.ofHours(3)),
            T0.plus(Duration.ofHours(2)),
            T0.plus(Duration.ofHours(1)));
  }

  @Test
  void due_whenTheEntitlementRemindsAndEscalates_findsThePendingRequestAtEachMomentInTurn() {
    AccessRequest pending = request().attention(TestRequests.REMIND_AND_ESCALATE).pending();
    store().create(pending);
    EnumSet<GrantKind> all = EnumSet.allOf(GrantKind.class);
    Instant remindAt = T0.plus(Duration.ofHours(1));
    Instant escalateAt = T0.plus(Duration.ofHours(4));

    assertThat(store().due(RequestState.PENDING, all, remindAt.minusMillis(1), 10)).isEmpty();
    assertThat(store().due(RequestState.PENDING, all, remindAt, 10)).containsExactly(pending);

    AccessRequest reminded = pending.remind(remindAt);
    assertThat(store().update(reminded, pending.version())).isTrue();
    assertThat(store().due(RequestState.PENDING, all, escalateAt.minusMillis(1), 10)).isEmpty();
    assertThat(store().due(RequestState.PENDING, all, escalateAt, 10)).containsExactly(reminded);

    AccessRequest escalated = reminded.escalate("user:dir@example.com", escalateAt);
    assertThat(store().update(escalated, reminded.version())).isTrue();
    assertThat(
            store().due(RequestState.PENDING, all, escalated.approvalDeadline().minusMillis(1), 10))
        .isEmpty();
    assertThat(store().due(RequestState.PENDING, all, escalated.approvalDeadline(), 10))
        .containsExactly(escalated);
    assertThat(store().get(pending.id())).contains(escalated);
  }

  @Test
  void
      waitingOnApproversFor_returnsOpenBreakGlassReviewsOfThoseEntitlementsNewestFirst_inAnyState() {
    AccessRequest dbAdmin = request().entitlement("db-admin").at(T0).breakGlassActive();
    AccessRequest prodRead =
        request().entitlement("prod-read").at(T0.plus(STEP)).breakGlassActive();
    AccessRequest reviewed =
        request().entitlement("db-admin").at(T0.plus(STEP)).breakGlassReviewed();
    AccessRequest ordinary = request().entitlement("db-admin").at(T0.plus(STEP)).active();
    AccessRequest other = request().entitlement("billing-admin").at(T0).breakGlassActive();
    List.of(dbAdmin, prodRead, reviewed, ordinary, other).forEach(store()::create);
    List<EntitlementId> both =
        List.of(new EntitlementId("db-admin"), new EntitlementId("prod-read"));

    assertThat(store().waitingOnApproversFor(both, 10)).containsExactly(prodRead, dbAdmin);
    assertThat(store().waitingOnApproversFor(both, 1)).containsExactly(prodRead);
    assertThat(store().waitingOnApproversFor(List.of(), 10)).isEmpty();

    // The access ends; the review stays open until an approver closes it.
    AccessRequest expired = dbAdmin.expire(dbAdmin.expiresAt(), Map.of());
    assertThat(store().update(expired, dbAdmin.version())).isTrue();
    assertThat(store().waitingOnApproversFor(both, 10)).containsExactly(prodRead, expired);

    AccessRequest closed =
        expired.review(
            approver(2),
            dev.jitgate.domain.Review.Outcome.CONFIRMED,
            "ok",
            T0.plus(Duration.ofHours(3)));
    assertThat(store().update(closed, expired.version())).isTrue();
    assertThat(store().waitingOnApproversFor(both, 10)).containsExactly(prodRead);
    assertThat(store().get(dbAdmin.id())).contains(closed);
  }

  @Test
  void waitingOnApproversFor_listsAnActiveRequestWhileItsExtensionWaits_andDropsItOnceDecided() {
    // given an ACTIVE request whose extension waits for approval, and one without
    TestRequests.Draft draft = request().entitlement("db-admin").at(T0);
    AccessRequest active = draft.active();
    store().create(active);
    AccessRequest quiet = request().entitlement("db-admin").at(T0.plus(STEP)).active();
    store().create(quiet);
    AccessRequest pending = draft.extensionPending();
    List<EntitlementId> dbAdmin = List.of(new EntitlementId("db-admin"));
    assertThat(store().waitingOnApproversFor(dbAdmin, 10)).isEmpty();

    // when its extension is asked, then it is listed
    assertThat(store().update(pending, active.version())).isTrue();
    assertThat(store().waitingOnApproversFor(dbAdmin, 10)).containsExactly(pending);

    // and once approved and followed by the cloud, it is not
    AccessRequest extended = draft.extended();
    assertThat(store().update(extended, pending.version())).isTrue();
    assertThat(store().waitingOnApproversFor(dbAdmin, 10)).isEmpty();
    assertThat(store().get(active.id())).contains(extended);
  }

  @Test
  void due_anApprovedRequestScheduledAhead_isDueAtItsStart_notBefore() {
    Instant start = T0.plus(Duration.ofDays(2));
    AccessRequest scheduled = request().at(T0).scheduled(start);
    store().create(scheduled);
    Set<GrantKind> all = EnumSet.allOf(GrantKind.class);

    assertThat(scheduled.state()).isEqualTo(RequestState.APPROVED);
    assertThat(store().due(RequestState.APPROVED, all, start.minusSeconds(1), 10)).isEmpty();
    assertThat(store().due(RequestState.APPROVED, all, start, 10)).containsExactly(scheduled);
  }

  @Test
  void due_anActiveRequestWhoseEndMoved_isDueAtTheNewEnd_notTheOld() {
    TestRequests.Draft draft = request().at(T0);
    AccessRequest active = draft.active();
    store().create(active);
    AccessRequest extended = draft.extended();
    Instant oldEnd = active.window().end();
    Set<GrantKind> all = EnumSet.allOf(GrantKind.class);

    assertThat(store().update(extended, active.version())).isTrue();

    assertThat(extended.window().end()).isAfter(oldEnd);
    assertThat(store().due(RequestState.ACTIVE, all, oldEnd, 10)).isEmpty();
    assertThat(store().due(RequestState.ACTIVE, all, extended.window().end(), 10))
        .containsExactly(extended);
  }

  @Test
  void activeByGrantKey_returnsOnlyActiveRequestsHoldingThatKey() {
    GrantSpec shared = TestRequests.azureRoleAssignment();
    AccessRequest holder = request().entitlement("payments-ops").grant(shared).active();
    AccessRequest sameKeyOtherEntitlement =
        request().entitlement("payments-debug").grant(shared).at(T0.plus(STEP)).active();
    AccessRequest otherPrincipal = request().requester("bob@example.com").grant(shared).active();
    AccessRequest sameKeyPending = request().grant(shared).pending();
    AccessRequest sameKeyExpired = request().grant(shared).expired();
    List.of(holder, sameKeyOtherEntitlement, otherPrincipal, sameKeyPending, sameKeyExpired)
        .forEach(store()::create);

    assertThat(store().activeByGrantKey(holder.grantKey()))
        .containsExactlyInAnyOrder(holder, sameKeyOtherEntitlement);
    assertThat(store().activeByGrantKey(otherPrincipal.grantKey())).containsExactly(otherPrincipal);
  }

  @Test
  void auditChain_verifiesAfterEveryWriteIsReadBack() {
    AccessRequest r = request().approvals(2).pending();
    store().create(r);
    List<AccessRequest> steps = new ArrayList<>();
    steps.add(r.approve(approver(1), "first", T0.plus(STEP)));
    steps.add(steps.get(0).approve(approver(2), null, T0.plus(STEP.multipliedBy(2))));
    steps.add(steps.get(1).activate(T0.plus(STEP.multipliedBy(3)), Map.of("artifact", "x")));

    for (AccessRequest next : steps) {
      assertThat(store().update(next, r.version())).isTrue();
      r = next;
      AccessRequest read = store().get(r.id()).orElseThrow();
      assertThat(AuditChain.verify(read.id().value(), read.events()).valid()).isTrue();
      assertThat(read.events()).isEqualTo(next.events());
    }
  }

  // ---- Concurrency: these need writes that are conditional on the server itself. A store whose
  // test server cannot enforce that (the Firestore emulator) answers false to
  // enforcesConditionalWrites(), and these tests are skipped there, visibly.

  @Test
  void update_whenWritersRaceFromTheSameVersion_exactlyOneWinsEachRound() throws Exception {
    assumeTrue(enforcesConditionalWrites(), "the test server does not enforce conditional writes");
    AccessRequest initial = request().pending();
    store().create(initial);
    int rounds = 10;

    for (int round = 1; round <= rounds; round++) {
      Instant at = T0.plusSeconds(round);
      List<Boolean> written =
          Race.run(
              WRITERS,
              writer -> {
                AccessRequest read = store().get(initial.id()).orElseThrow();
                AccessRequest next =
                    read.record(AuditType.NOTIFIED, "writer-" + writer, Map.of("to", "x"), at);
                return () -> store().update(next, read.version());
              });

      assertThat(written).as("writes in round %d", round).containsOnlyOnce(true);
    }

    AccessRequest last = store().get(initial.id()).orElseThrow();
    assertThat(last.version()).isEqualTo(initial.version() + rounds);
    assertThat(last.events()).hasSize(initial.events().size() + rounds);
    assertThat(AuditChain.verify(last.id().value(), last.events()).valid()).isTrue();
  }

  @Test
  void create_whenWritersRaceWithOneId_exactlyOneSucceeds() throws Exception {
    assumeTrue(enforcesConditionalWrites(), "the test server does not enforce conditional writes");
    RequestId id = RequestId.random();

    List<String> outcomes =
        Race.run(
            WRITERS,
            writer -> {
              AccessRequest r =
                  request().id(id.value()).requester(writer + "@example.com").pending();
              return () -> {
                try {
                  store().create(r);
                  return r.requester().email();
                } catch (ConflictException e) {
                  return "conflict";
                }
              };
            });

    assertThat(outcomes).filteredOn(o -> !o.equals("conflict")).hasSize(1);
    String winner = outcomes.stream().filter(o -> !o.equals("conflict")).findFirst().orElseThrow();
    assertThat(store().get(id).orElseThrow().requester().email()).isEqualTo(winner);
  }
}
