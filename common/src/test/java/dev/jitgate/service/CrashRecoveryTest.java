package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.Notification;
import dev.jitgate.service.RecordingAccessProvider.Death;
import dev.jitgate.service.RecordingAccessProvider.ProcessDeath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process dies at each point between a cloud call and the store write after it; a fresh service
 * over the same store and the same cloud then sweeps, and no access may outlive its request nor an
 * ACTIVE request be left without access.
 */
class CrashRecoveryTest {
  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private AccessRequest pending() {
    return h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
  }

  private AccessRequest approveAndDie(AccessRequest r) {
    assertThatThrownBy(() -> h.approve(CAROL, r)).isInstanceOf(ProcessDeath.class);
    return h.stored(r.id());
  }

  private SweepReport sweepAfterRestart(Duration later) {
    h.clock.advance(later);
    return h.restarted().sweep(h.clock.instant());
  }

  private static List<AuditType> types(AccessRequest r) {
    return r.events().stream().map(AuditEvent::type).toList();
  }

  private static void assertChainValid(AccessRequest r) {
    assertThat(AuditChain.verify(r.id().value(), r.events()).valid()).isTrue();
  }

  @Test
  void activation_storesTheIntentBeforeTheGrantCall() {
    h.gcp.dieAt(Death.BEFORE_GRANT);

    AccessRequest died = approveAndDie(pending());

    assertThat(died.state()).isEqualTo(RequestState.APPROVED);
    assertThat(died.grantStartedAt()).isNotNull();
    assertThat(types(died)).contains(AuditType.ACTIVATION_STARTED);
    assertThat(h.gcp.grants()).hasSize(1);
  }

  @Test
  void activation_whenTheProcessDiesBeforeTheGrant_isFinishedByTheSweepAfterTheGrace() {
    h.gcp.dieAt(Death.BEFORE_GRANT);
    AccessRequest died = approveAndDie(pending());

    SweepReport withinGrace = sweepAfterRestart(Duration.ofSeconds(10));
    SweepReport after = sweepAfterRestart(Duration.ofSeconds(30));

    assertThat(withinGrace.changes()).isZero();
    assertThat(after.activated()).isEqualTo(1);
    AccessRequest active = h.stored(died.id());
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.gcp.holds(active.grantKey())).isTrue();
    assertThat(h.gcp.grants()).extracting(g -> g.window()).containsOnly(died.window());
    assertChainValid(active);
  }

  @Test
  void activation_whenTheProcessDiesAfterTheGrant_isActiveAfterTheStartupSweep() {
    h.gcp.dieAt(Death.AFTER_GRANT);
    AccessRequest died = approveAndDie(pending());
    assertThat(h.gcp.holds(died.grantKey())).isTrue();

    SweepReport report = h.restarted().recover(h.clock.instant());

    assertThat(report.activated()).isEqualTo(1);
    AccessRequest active = h.stored(died.id());
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.gcp.holds(active.grantKey())).isTrue();
    assertThat(h.notifier.sent(Notification.Kind.ACTIVE)).hasSize(1);
    assertChainValid(active);
  }

  @Test
  void activation_whenTheProcessDiesAfterTheGrant_andTheWindowEnds_revokesBeforeFailing() {
    h.gcp.dieAt(Death.AFTER_GRANT);
    AccessRequest died = approveAndDie(pending());

    SweepReport report = sweepAfterRestart(Duration.ofHours(2));

    assertThat(report.failed()).isEqualTo(1);
    AccessRequest failed = h.stored(died.id());
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(h.gcp.holds(died.grantKey())).isFalse();
    assertThat(h.gcp.revokes()).hasSize(1);
    AuditEvent last = failed.events().get(failed.events().size() - 2);
    assertThat(last.type()).isEqualTo(AuditType.ACTIVATION_FAILED);
    assertThat(last.details()).containsEntry("artifact", "removed").containsEntry("final", "true");
    assertChainValid(failed);
  }

  @Test
  void activation_whenTheRequesterLosesEligibilityAfterAGrantLanded_revokesBeforeFailing() {
    h.gcp.dieAt(Death.AFTER_GRANT);
    AccessRequest died = approveAndDie(pending());
    h.usePolicy(ServiceHarness.POLICY.replace("sre: [alice@example.com, ", "sre: ["));

    SweepReport report = sweepAfterRestart(Duration.ofMinutes(1));

    assertThat(report.failed()).isEqualTo(1);
    assertThat(h.stored(died.id()).state()).isEqualTo(RequestState.FAILED);
    assertThat(h.stored(died.id()).endReason()).contains("no longer eligible");
    assertThat(h.gcp.holds(died.grantKey())).isFalse();
  }

  @Test
  void failing_whenTheProcessDiesAfterTheRevoke_isFailedByTheNextSweep() {
    h.gcp.dieAt(Death.AFTER_GRANT);
    AccessRequest died = approveAndDie(pending());
    h.gcp.dieAt(Death.AFTER_REVOKE);
    h.clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> h.restarted().sweep(h.clock.instant()))
        .isInstanceOf(ProcessDeath.class);
    assertThat(h.stored(died.id()).state()).isEqualTo(RequestState.APPROVED);

    SweepReport report = sweepAfterRestart(Duration.ofSeconds(1));

    assertThat(report.failed()).isEqualTo(1);
    assertThat(h.stored(died.id()).state()).isEqualTo(RequestState.FAILED);
    assertThat(h.gcp.holds(died.grantKey())).isFalse();
    assertThat(h.gcp.revokes()).hasSize(2);
  }

  @Test
  void failing_whenTheRevokeFails_staysApprovedAndHoldingUntilARevokeSucceeds() {
    h.gcp.dieAt(Death.AFTER_GRANT);
    AccessRequest died = approveAndDie(pending());
    h.gcp.failNextRevokes(1);

    SweepReport first = sweepAfterRestart(Duration.ofHours(2));
    AccessRequest held = h.stored(died.id());
    SweepReport second = sweepAfterRestart(Duration.ofMinutes(1));

    assertThat(first.failed()).isZero();
    assertThat(held.state()).isEqualTo(RequestState.APPROVED);
    assertThat(held.events().get(held.events().size() - 1).details().get("error"))
        .contains("revoking before failing");
    assertThat(second.failed()).isEqualTo(1);
    assertThat(h.stored(died.id()).state()).isEqualTo(RequestState.FAILED);
    assertThat(h.gcp.holds(died.grantKey())).isFalse();
  }

  @Test
  void failing_aSharedArtifactAnotherActiveRequestHolds_keepsIt() {
    AccessRequest longer =
        h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(8)));
    h.identityCenter.dieAt(Death.AFTER_GRANT);
    AccessRequest shorter = h.request(ALICE, "aws-prod-admin", Duration.ofMinutes(5));
    assertThatThrownBy(() -> h.approve(CAROL, shorter)).isInstanceOf(ProcessDeath.class);

    SweepReport report = sweepAfterRestart(Duration.ofMinutes(10));

    assertThat(report.failed()).isEqualTo(1);
    AccessRequest failed = h.stored(shorter.id());
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    AuditEvent event = failed.events().get(failed.events().size() - 2);
    assertThat(event.details())
        .containsEntry("artifact", "kept")
        .containsEntry("heldBy", longer.id().value());
    assertThat(h.stored(longer.id()).state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.identityCenter.holds(longer.grantKey())).isTrue();
    assertThat(h.identityCenter.revokes()).isEmpty();
  }

  @Test
  void revoke_whenTheProcessDiesAfterTheCloudCall_isFinishedByTheSweepAsTheRevoker() {
    AccessRequest active = h.approve(CAROL, pending());
    h.gcp.dieAt(Death.AFTER_REVOKE);
    assertThatThrownBy(() -> h.service.revoke(ALICE, new Revoke(active.id(), "done early")))
        .isInstanceOf(ProcessDeath.class);
    AccessRequest died = h.stored(active.id());
    assertThat(died.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(died.revoking()).isNotNull();
    assertThat(types(died)).contains(AuditType.REVOKE_STARTED);

    SweepReport report = sweepAfterRestart(Duration.ofSeconds(1));

    assertThat(report.changes()).isEqualTo(1);
    AccessRequest revoked = h.stored(active.id());
    assertThat(revoked.state()).isEqualTo(RequestState.REVOKED);
    assertThat(revoked.endedBy()).isEqualTo(ALICE.email().email());
    assertThat(revoked.endReason()).isEqualTo("done early");
    assertThat(revoked.revoking()).isNull();
    assertThat(h.gcp.holds(active.grantKey())).isFalse();
    assertThat(h.notifier.sent(Notification.Kind.REVOKED)).hasSize(1);
    assertChainValid(revoked);
  }

  @Test
  void revoke_whenTheCloudFails_isRetriedByTheSweepUntilTheAccessIsGone() {
    AccessRequest active = h.approve(CAROL, pending());
    h.gcp.failNextRevokes(2);
    assertThatThrownBy(() -> h.service.revoke(ALICE, new Revoke(active.id(), "")))
        .hasMessageContaining("simulated revoke failure");

    SweepReport retry = sweepAfterRestart(Duration.ofSeconds(1));
    SweepReport done = sweepAfterRestart(Duration.ofMinutes(1));

    assertThat(retry.endRetries()).isEqualTo(1);
    assertThat(h.stored(active.id()).state()).isEqualTo(RequestState.REVOKED);
    assertThat(done.changes()).isEqualTo(1);
    assertThat(h.gcp.holds(active.grantKey())).isFalse();
  }

  @Test
  void expiry_whenTheProcessDiesAfterTheRevoke_isFinishedByTheNextSweep() {
    AccessRequest active = h.approve(CAROL, pending());
    h.gcp.dieAt(Death.AFTER_REVOKE);
    h.clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> h.service.sweep(h.clock.instant())).isInstanceOf(ProcessDeath.class);
    assertThat(h.stored(active.id()).state()).isEqualTo(RequestState.ACTIVE);

    SweepReport report = sweepAfterRestart(Duration.ofSeconds(1));

    assertThat(report.expired()).isEqualTo(1);
    assertThat(h.stored(active.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(h.gcp.holds(active.grantKey())).isFalse();
  }

  @Test
  void activation_whenAnotherWriterFailsTheRequestDuringTheGrant_removesTheLateGrant() {
    h.gcp.failNextGrants(1);
    AccessRequest r = h.approve(CAROL, pending());
    AccessService other = h.restarted();
    h.gcp.duringGrant(
        () -> {
          h.usePolicy(ServiceHarness.POLICY.replace("sre: [alice@example.com, ", "sre: ["));
          other.sweep(h.clock.instant());
        });
    h.clock.advance(Duration.ofMinutes(1));

    h.service.sweep(h.clock.instant());

    AccessRequest failed = h.stored(r.id());
    assertThat(failed.state()).isEqualTo(RequestState.FAILED);
    assertThat(h.gcp.holds(r.grantKey())).isFalse();
    assertThat(h.gcp.revokes()).hasSize(2);
  }
}
