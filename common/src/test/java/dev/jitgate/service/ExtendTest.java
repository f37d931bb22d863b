package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static dev.jitgate.service.ServiceHarness.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Extending ACTIVE access (issue 14): on the JDBC store on H2, with a recording cloud. */
class ExtendTest {
  private static final String POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com, dave@example.com]
      entitlements:
        - id: gcp-prod-storage-admin
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT3H}
          extensions: {max: 2, approvalRequired: true}
        - id: gcp-sandbox-viewer
          grant: {kind: gcp.iam-binding, resource: projects/acme-sandbox, role: roles/viewer}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          extensions: {max: 1, approvalRequired: false}
        - id: gcp-prod-viewer
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
        - id: gcp-prod-owner
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          breakGlass: true
          breakGlassMax: PT1H
          breakGlassNotify: [security@example.com]
          extensions: {max: 2, approvalRequired: false}
      """;

  private ServiceHarness h;

  @BeforeEach
  void setUp() {
    h = new ServiceHarness();
    h.usePolicy(POLICY);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private AccessRequest active(String entitlement) {
    AccessRequest r = h.request(ALICE, entitlement, Duration.ofHours(1));
    AccessRequest a = h.approve(CAROL, r);
    assertThat(a.state()).isEqualTo(RequestState.ACTIVE);
    return a;
  }

  @Test
  void extend_ofBreakGlassAccess_staysWithinBreakGlassMax() {
    // given break-glass access for 30 minutes, with breakGlassMax PT1H and extensions without
    // approval
    AccessRequest r =
        h.service.request(
            ALICE,
            new RequestAccess(
                new EntitlementId("gcp-prod-owner"),
                Optional.of(Duration.ofMinutes(30)),
                "INC-9: prod is down",
                true,
                Optional.empty()));
    assertThat(r.state()).isEqualTo(RequestState.ACTIVE);

    // when it asks for more than the cap leaves, then it is refused and nothing changes
    assertThatThrownBy(() -> askExtension(r, Duration.ofMinutes(45)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("longer than the PT1H break-glass access allows")
        .hasMessageContaining("at most PT30M more");
    assertThat(h.stored(r.id()).version()).isEqualTo(r.version());

    // and within the cap it is extended
    AccessRequest extended = askExtension(r, Duration.ofMinutes(30));
    assertThat(extended.window().length()).isEqualTo(Duration.ofHours(1));
  }

  private AccessRequest askExtension(AccessRequest r, Duration more) {
    return h.service.extend(ALICE, new ExtendAccess(r.id(), more, "INC-9: still restoring"));
  }

  @Test
  void extend_whenApproved_movesWindowEndAndCloudExpiry() {
    // given ACTIVE access until 11:00
    AccessRequest r = active("gcp-prod-storage-admin");
    Instant oldEnd = r.window().end();
    // when Alice asks for 30 minutes more and Dave approves
    AccessRequest asked = askExtension(r, Duration.ofMinutes(30));
    assertThat(asked.extension()).isNotNull();
    assertThat(asked.window().end()).isEqualTo(oldEnd);
    assertThat(h.gcp.holds(r.grantKey())).isTrue();
    AccessRequest extended = h.approve(DAVE, asked);
    // then the window ends 30 minutes later, the cloud's expiry follows, and the sweep is due then
    Instant newEnd = oldEnd.plus(Duration.ofMinutes(30));
    assertThat(extended.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(extended.window().end()).isEqualTo(newEnd);
    assertThat(extended.dueAt()).isEqualTo(newEnd);
    assertThat(extended.extension()).isNull();
    assertThat(extended.extensions()).isEqualTo(1);
    assertThat(h.gcp.held(r.grantKey()).window().end()).isEqualTo(newEnd);
    AuditEvent done = last(h.stored(r.id()), AuditType.EXTENDED);
    assertThat(done.details())
        .containsEntry("oldEnd", oldEnd.toString())
        .containsEntry("newEnd", newEnd.toString());
    assertThat(h.service.audit(ALICE, r.id()).valid()).isTrue();
    // and the sweep leaves it alone at the old end and ends it at the new one
    h.clock.set(oldEnd);
    h.service.sweep(h.clock.instant());
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.gcp.holds(r.grantKey())).isTrue();
    h.clock.set(newEnd);
    h.service.sweep(h.clock.instant());
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
  }

  @Test
  void extend_whileWaitingForApproval_keepsCurrentAccessAndEnd() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    h.clock.advance(Duration.ofMinutes(10));
    h.service.sweep(h.clock.instant());
    AccessRequest stored = h.stored(r.id());
    assertThat(stored.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(stored.window().end()).isEqualTo(r.window().end());
    assertThat(h.gcp.extensionCalls()).isEmpty();
    assertThat(h.gcp.holds(r.grantKey())).isTrue();
  }

  @Test
  void extend_whenNoApprovalNeeded_appliesAtOnce() {
    AccessRequest r = active("gcp-sandbox-viewer");
    AccessRequest extended = askExtension(r, Duration.ofMinutes(45));
    assertThat(extended.window().end()).isEqualTo(r.window().end().plus(Duration.ofMinutes(45)));
    assertThat(h.gcp.extensionCalls()).hasSize(1);
  }

  @Test
  void extend_beyondTheEntitlementsMax_isInvalid() {
    AccessRequest r = active("gcp-prod-storage-admin");
    assertThatThrownBy(() -> askExtension(r, Duration.ofHours(2).plusMinutes(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("PT3H");
  }

  @Test
  void extend_whenEntitlementHasNoExtensions_isForbidden() {
    AccessRequest r = active("gcp-prod-viewer");
    assertThatThrownBy(() -> askExtension(r, Duration.ofMinutes(5)))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void extend_moreTimesThanAllowed_conflicts() {
    AccessRequest r = active("gcp-sandbox-viewer");
    askExtension(r, Duration.ofMinutes(5));
    assertThatThrownBy(() -> askExtension(r, Duration.ofMinutes(5)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("1 of 1");
  }

  @Test
  void extend_byAnyoneButTheRequester_isForbidden() {
    AccessRequest r = active("gcp-prod-storage-admin");
    assertThatThrownBy(
            () ->
                h.service.extend(
                    DAVE, new ExtendAccess(r.id(), Duration.ofMinutes(5), "INC-1: mine")))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void approveExtension_afterAccessExpired_isRefusedAndNeverResurrected() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    // the window ends and the sweep expires the access before anyone approves
    h.clock.advance(Duration.ofHours(1));
    h.service.sweep(h.clock.instant());
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThatThrownBy(() -> h.approve(DAVE, r)).isInstanceOf(ConflictException.class);
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
    assertThat(h.gcp.extensionCalls()).isEmpty();
  }

  @Test
  void approveExtension_atTheOldEndBeforeTheSweep_isRefused() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    h.clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> h.approve(DAVE, r))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("before the extension was approved");
    h.service.sweep(h.clock.instant());
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
  }

  @Test
  void extend_whenCloudFails_keepsIntentAndSweepFinishesIt() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    h.gcp.failNextExtends(1);
    AccessRequest approved = h.approve(DAVE, r);
    // the durable intent is stored; the window has not moved yet
    assertThat(approved.extension().approved()).isTrue();
    assertThat(approved.window().end()).isEqualTo(r.window().end());
    // the sweep, later, makes the cloud follow and moves the window
    h.clock.advance(Duration.ofMinutes(5));
    h.restarted().sweep(h.clock.instant());
    AccessRequest stored = h.stored(r.id());
    assertThat(stored.window().end()).isEqualTo(r.window().end().plus(Duration.ofMinutes(30)));
    assertThat(stored.extension()).isNull();
    assertThat(h.gcp.held(r.grantKey()).window().end()).isEqualTo(stored.window().end());
  }

  @Test
  void extend_whenCloudKeepsFailingPastTheOldEnd_isRefusedAndAccessExpires() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    h.gcp.failNextExtends(100);
    h.approve(DAVE, r);
    h.clock.advance(Duration.ofHours(1));
    h.service.sweep(h.clock.instant());
    AccessRequest stored = h.stored(r.id());
    assertThat(stored.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(stored.window().end()).isEqualTo(r.window().end());
    assertThat(last(stored, AuditType.EXTENSION_REFUSED)).isNotNull();
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
  }

  @Test
  void extend_whenRevokedDuringTheCloudCall_isNotAppliedAndAccessStaysGone() {
    AccessRequest r = active("gcp-prod-storage-admin");
    askExtension(r, Duration.ofMinutes(30));
    h.gcp.duringExtend(() -> h.service.revoke(CAROL, new Revoke(r.id(), "done")));
    AccessRequest after = h.approve(DAVE, r);
    assertThat(after.state()).isEqualTo(RequestState.REVOKED);
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
    assertThat(h.stored(r.id()).window().end()).isEqualTo(r.window().end());
  }

  @Test
  void extendAndRevoke_racingOnThreads_neverLeaveEndedAccessInTheCloud() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        AccessRequest r = active("gcp-prod-storage-admin");
        askExtension(r, Duration.ofMinutes(30));
        CountDownLatch start = new CountDownLatch(1);
        Future<?> approve =
            pool.submit(
                () -> {
                  start.await();
                  return h.approve(DAVE, r);
                });
        Future<?> revoke =
            pool.submit(
                () -> {
                  start.await();
                  return h.service.revoke(CAROL, new Revoke(r.id(), "race " + r.id()));
                });
        start.countDown();
        quietly(approve);
        quietly(revoke);
        AccessRequest stored = h.stored(r.id());
        assertThat(stored.state()).as("round %d", round).isEqualTo(RequestState.REVOKED);
        assertThat(h.gcp.holds(r.grantKey())).as("round %d", round).isFalse();
        assertThat(h.service.audit(ALICE, r.id()).valid()).isTrue();
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** A loser of the race gets a conflict; anything else fails the test. */
  private static void quietly(Future<?> f) throws Exception {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof ConflictException)) {
        throw e;
      }
    }
  }

  private static AuditEvent last(AccessRequest r, AuditType type) {
    List<AuditEvent> found = r.events().stream().filter(e -> e.type() == type).toList();
    assertThat(found).as("events of type %s", type).isNotEmpty();
    return found.get(found.size() - 1);
  }
}
