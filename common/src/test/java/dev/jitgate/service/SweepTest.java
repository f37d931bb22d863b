package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SweepTest {
  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private SweepReport sweepAfter(Duration d) {
    h.clock.advance(d);
    return h.service.sweep(h.clock.instant());
  }

  private static AuditEvent last(AccessRequest r) {
    return r.events().get(r.events().size() - 1);
  }

  private static AuditEvent lastOf(AccessRequest r, AuditType type) {
    return r.events().stream().filter(e -> e.type() == type).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void sweep_timesOutPendingRequestsPastTheirDeadline_once() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    SweepReport early = sweepAfter(Duration.ofHours(23));
    SweepReport due = sweepAfter(Duration.ofHours(1));
    long version = h.stored(r.id()).version();
    SweepReport again = h.service.sweep(h.clock.instant());

    assertThat(early.changes()).isZero();
    assertThat(due.timedOut()).isEqualTo(1);
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.TIMED_OUT);
    assertThat(again).isEqualTo(SweepReport.NOTHING);
    assertThat(h.stored(r.id()).version()).isEqualTo(version);
    assertThat(h.notifier.sent(Notification.Kind.TIMED_OUT)).hasSize(1);
  }

  @Test
  void sweep_expiresActiveRequestsAtTheirWindowEnd_andASecondRunChangesNothing() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    SweepReport before = sweepAfter(Duration.ofMinutes(59));
    SweepReport at = sweepAfter(Duration.ofMinutes(1));
    AccessRequest expired = h.stored(r.id());
    SweepReport again = h.service.sweep(h.clock.instant());

    assertThat(before.changes()).isZero();
    assertThat(at.expired()).isEqualTo(1);
    assertThat(expired.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(expired.endedAt()).isEqualTo(r.expiresAt());
    assertThat(again).isEqualTo(SweepReport.NOTHING);
    assertThat(h.stored(r.id())).isEqualTo(expired);
    assertThat(h.gcp.revokes()).hasSize(1);
  }

  @Test
  void sweep_retriesAFailedActivation_withTheWindowFixedAtApproval() {
    h.gcp.failNextGrants(1);
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
    h.clock.advance(Duration.ofMinutes(10));
    Instant approvedAt = h.clock.instant();

    AccessRequest approved = h.approve(CAROL, r);
    assertThat(approved.state()).isEqualTo(RequestState.APPROVED);
    assertThat(last(approved).type()).isEqualTo(AuditType.ACTIVATION_FAILED);

    SweepReport tooSoon = sweepAfter(Duration.ofSeconds(10));
    SweepReport retry = sweepAfter(Duration.ofMinutes(1));

    assertThat(tooSoon.changes()).isZero();
    assertThat(retry.activated()).isEqualTo(1);
    AccessRequest active = h.stored(r.id());
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(active.window().start()).isEqualTo(approvedAt);
    assertThat(active.expiresAt()).isEqualTo(approvedAt.plus(Duration.ofHours(1)));
    assertThat(h.gcp.grants()).hasSize(2).extracting(g -> g.window()).containsOnly(active.window());
  }

  @Test
  void sweep_backsOffBetweenFailedActivations_andFailsWhenTheWindowIsGone() {
    h.gcp.failNextGrants(1000);
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    int retries = 0;
    for (int i = 0; i < 120 && h.stored(r.id()).state() == RequestState.APPROVED; i++) {
      retries += sweepAfter(Duration.ofMinutes(1)).activationRetries();
    }

    AccessRequest failed = h.stored(r.id());
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.endReason()).contains("window ended");
    // 30 s, 1, 2, 4, 8 min and then at the window's end: far fewer calls than sweeps.
    assertThat(h.gcp.grants().size()).isLessThan(12);
    assertThat(retries).isGreaterThan(2);
    assertThat(h.notifier.sent(Notification.Kind.FAILED)).hasSize(1);
    // A failed grant call may still have granted: the request fails only after a revoke.
    assertThat(h.gcp.revokes()).hasSize(1);
  }

  @Test
  void sweep_whenTheCloudRefusesEverything_neverFailsARequestWhoseGrantMayHaveLanded() {
    h.gcp.failAlways(true);
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    for (int i = 0; i < 180; i++) {
      sweepAfter(Duration.ofMinutes(1));
    }
    AccessRequest stuck = h.stored(r.id());
    h.gcp.failAlways(false);
    sweepAfter(Duration.ofMinutes(10));

    assertThat(stuck.state()).isEqualTo(RequestState.APPROVED);
    assertThat(stuck.dueAt()).isAfter(stuck.window().end());
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.FAILED);
    assertThat(h.gcp.revokes().size()).isLessThan(20);
  }

  @Test
  void activation_afterThePolicyDropsTheRequester_fails() {
    h.gcp.failNextGrants(1);
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.usePolicy(ServiceHarness.POLICY.replace("sre: [alice@example.com, ", "sre: ["));

    SweepReport report = sweepAfter(Duration.ofMinutes(2));

    assertThat(report.failed()).isEqualTo(1);
    AccessRequest failed = h.stored(r.id());
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(failed.endReason()).contains("no longer eligible");
    assertThat(h.gcp.grants()).hasSize(1);
  }

  @Test
  void sweep_whenRevokeFails_keepsAccessActiveAndRetriesLater() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.gcp.failNextRevokes(1);

    SweepReport failed = sweepAfter(Duration.ofHours(1));
    SweepReport immediately = h.service.sweep(h.clock.instant());
    SweepReport later = sweepAfter(Duration.ofMinutes(1));

    assertThat(failed.endRetries()).isEqualTo(1);
    assertThat(immediately).isEqualTo(SweepReport.NOTHING);
    assertThat(later.expired()).isEqualTo(1);
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(h.gcp.revokes()).hasSize(2);
  }

  @Test
  void sharedArtifact_expiringOneOfTwoKeepsIt_expiringBothRemovesItOnce() {
    AccessRequest shortOne =
        h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(1)));
    AccessRequest longOne =
        h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(2)));
    assertThat(shortOne.grantKey()).isEqualTo(longOne.grantKey());
    assertThat(h.identityCenter.holds(shortOne.grantKey())).isTrue();

    sweepAfter(Duration.ofHours(1));

    AccessRequest first = h.stored(shortOne.id());
    assertThat(first.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(lastOf(first, AuditType.EXPIRED).details())
        .containsEntry("artifact", "kept")
        .containsEntry("heldBy", longOne.id().value());
    assertThat(h.identityCenter.revokes()).isEmpty();
    assertThat(h.identityCenter.holds(shortOne.grantKey())).isTrue();

    sweepAfter(Duration.ofHours(1));

    AccessRequest second = h.stored(longOne.id());
    assertThat(second.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(lastOf(second, AuditType.EXPIRED).details()).containsEntry("artifact", "removed");
    assertThat(h.identityCenter.revokes()).hasSize(1);
    assertThat(h.identityCenter.holds(shortOne.grantKey())).isFalse();
  }

  @Test
  void sharedArtifact_earlyRevokeOfOneKeepsTheOthersAccess() {
    AccessRequest a = h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(1)));
    AccessRequest b = h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(1)));

    AccessRequest revoked = h.service.revoke(ALICE, new Revoke(a.id(), "done early"));

    assertThat(revoked.state()).isEqualTo(RequestState.REVOKED);
    assertThat(lastOf(revoked, AuditType.REVOKED).details())
        .containsEntry("heldBy", b.id().value());
    assertThat(h.identityCenter.holds(b.grantKey())).isTrue();
    assertThat(h.identityCenter.revokes()).isEmpty();
  }

  @Test
  void sweep_worksInBoundedBatches_andFinishesEverythingDue() {
    ServiceSettings small =
        new ServiceSettings(
            2, 2, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30));
    AccessService service =
        new AccessService(
            h.store,
            h.policy::get,
            java.util.List.of(h.gcp),
            java.util.List.of(),
            (id, e) -> {},
            ServiceHarness.AUDIT_KEY,
            h.tokens,
            h.clock,
            small);
    for (int i = 0; i < 5; i++) {
      h.request(ALICE, "gcp-prod-storage-admin", "INC-" + i);
    }
    h.clock.advance(Duration.ofHours(25));

    SweepReport first = service.sweep(h.clock.instant());
    SweepReport second = service.sweep(h.clock.instant());
    SweepReport third = service.sweep(h.clock.instant());

    assertThat(first.timedOut()).isEqualTo(4);
    assertThat(second.timedOut()).isEqualTo(1);
    assertThat(third).isEqualTo(SweepReport.NOTHING);
  }

  @Test
  void sweep_ofOneCloud_isNotStarvedByAnotherCloudsDueItems() {
    ServiceSettings small =
        new ServiceSettings(
            2, 5, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30));
    AccessService gcpOnly =
        new AccessService(
            h.store,
            h.policy::get,
            java.util.List.of(h.gcp),
            java.util.List.of(),
            (id, e) -> {},
            ServiceHarness.AUDIT_KEY,
            h.tokens,
            h.clock,
            small);
    for (int i = 0; i < 3; i++) {
      h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofMinutes(30)));
    }
    h.clock.advance(Duration.ofMinutes(1));
    AccessRequest gcp = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.clock.advance(Duration.ofHours(2));

    SweepReport report = gcpOnly.sweep(h.clock.instant());

    assertThat(report.expired()).isEqualTo(1);
    assertThat(h.stored(gcp.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(
            h.store.due(RequestState.ACTIVE, EnumSet.allOf(GrantKind.class), h.clock.instant(), 10))
        .hasSize(3);
  }

  @Test
  void sharedArtifact_whenAnotherRequestActivatesDuringTheRevoke_keepsItsAccess() {
    AccessRequest ending =
        h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(1)));
    h.identityCenter.failNextGrants(1);
    AccessRequest arriving =
        h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(2)));
    assertThat(arriving.state()).isEqualTo(RequestState.APPROVED);
    h.identityCenter.duringRevoke(
        () -> h.service.sweep(h.clock.instant().plus(Duration.ofMinutes(2))));

    h.service.revoke(ALICE, new Revoke(ending.id(), "done"));

    assertThat(h.stored(arriving.id()).state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.stored(ending.id()).state()).isEqualTo(RequestState.REVOKED);
    assertThat(h.identityCenter.holds(arriving.grantKey())).isTrue();
  }
}
