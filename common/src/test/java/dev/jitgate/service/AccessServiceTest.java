package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.BOB;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static dev.jitgate.service.ServiceHarness.DAVE;
import static dev.jitgate.service.ServiceHarness.ERIN;
import static dev.jitgate.service.ServiceHarness.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.port.Notification;
import dev.jitgate.token.ApprovalClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessServiceTest {
  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void request_whenEligible_isPendingAndInvitesEachApproverWithTheirOwnLink() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-42: restore the bucket");

    assertThat(r.state()).isEqualTo(RequestState.PENDING);
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.PENDING);
    Notification invite = h.notifier.sent(Notification.Kind.NEW_REQUEST).get(0);
    assertThat(invite.invites())
        .extracting(Notification.Invite::approver)
        .containsExactlyInAnyOrder(CAROL.email(), DAVE.email(), ERIN.email());
    for (Notification.Invite i : invite.invites()) {
      ApprovalClaims claims = h.tokens.verifyFor(i.token(), r.id());
      assertThat(claims.approver()).isEqualTo(i.approver());
      assertThat(claims.expiresAt()).isEqualTo(r.approvalDeadline());
    }
    assertThat(h.gcp.calls()).isEmpty();
  }

  @Test
  void request_whenNotEligible_isForbiddenAndStoresNothing() {
    assertThatThrownBy(() -> h.request(MALLORY, "gcp-prod-storage-admin", "INC-1"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("not eligible");
    assertThat(h.store.byRequester(MALLORY.email(), 10)).isEmpty();
  }

  @Test
  void request_whenEntitlementUnknownOrTextBad_isInvalid() {
    assertThatThrownBy(() -> h.request(ALICE, "no-such-thing", "INC-1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no-such-thing");
    assertThatThrownBy(
            () -> h.request(ALICE, "gcp-prod-storage-admin", "INC-1 " + "x".repeat(1024)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 1024");
    assertThatThrownBy(() -> h.request(ALICE, "gcp-prod-storage-admin", "INC-1\u0007bell"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("control character");
    assertThat(h.store.byRequester(ALICE.email(), 10)).isEmpty();
  }

  @Test
  void approve_whenOneOfOne_activatesOnceWithTheWindowStartingAtApproval() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-42: restore");
    h.clock.advance(Duration.ofHours(3));
    Instant approvedAt = h.clock.instant();

    AccessRequest active = h.approve(CAROL, r);

    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    Window window = new Window(approvedAt, approvedAt.plus(Duration.ofHours(1)));
    assertThat(active.window()).isEqualTo(window);
    assertThat(active.expiresAt()).isEqualTo(window.end());
    assertThat(h.gcp.grants())
        .singleElement()
        .satisfies(g -> assertThat(g.window()).isEqualTo(window));
    assertThat(h.notifier.sent(Notification.Kind.ACTIVE)).hasSize(1);
  }

  @Test
  void approve_needsTwoDistinctApprovers_andCountsEachOnce() {
    AccessRequest r = h.request(ALICE, "gcp-prod-two-person", "");

    AccessRequest half = h.approve(CAROL, r);
    assertThatThrownBy(() -> h.approve(CAROL, r))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already approved");
    assertThat(half.state()).isEqualTo(RequestState.PENDING);
    assertThat(h.gcp.calls()).isEmpty();

    AccessRequest full = h.approve(ERIN, r);
    assertThat(full.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(full.approvals())
        .extracting(a -> a.approver())
        .containsExactly(CAROL.email(), ERIN.email());
    assertThat(h.gcp.grants()).hasSize(1);
  }

  @Test
  void approve_whenOwnRequest_isForbiddenEvenForAnApprover() {
    AccessRequest r = h.request(DAVE, "gcp-prod-storage-admin", "INC-1");

    assertThatThrownBy(() -> h.approve(DAVE, r))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("your own request");
    assertThatThrownBy(() -> h.service.decide(DAVE, Decide.deny(r.id(), "no")))
        .isInstanceOf(ForbiddenException.class);
    assertThat(h.stored(r.id()).version()).isEqualTo(r.version());
  }

  @Test
  void approve_afterPolicyDropsTheApprover_isRefused() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
    h.usePolicy(
        ServiceHarness.POLICY.replace(
            "[carol@example.com, dave@example.com,", "[dave@example.com,"));

    assertThatThrownBy(() -> h.approve(CAROL, r)).isInstanceOf(NotFoundException.class);
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void approve_afterPolicyDropsTheRequester_isForbidden() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
    h.usePolicy(ServiceHarness.POLICY.replace("sre: [alice@example.com, ", "sre: ["));

    assertThatThrownBy(() -> h.approve(CAROL, r))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("alice@example.com is no longer eligible");
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.PENDING);
    assertThat(h.gcp.calls()).isEmpty();
  }

  @Test
  void credentials_afterPolicyDropsTheRequester_areRefused() {
    // Issue 8, item 10: the credentials endpoint used to mint from the request's copy of the grant.
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "aws-deploy-credentials", "CHG-1"));
    assertThat(h.service.credentials(ALICE, active.id())).isNotNull();

    h.usePolicy(ServiceHarness.POLICY.replace("sre: [alice@example.com, ", "sre: ["));

    assertThatThrownBy(() -> h.service.credentials(ALICE, active.id()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("no longer eligible");
  }

  @Test
  void activation_afterPolicyDropsAnEarlierApprover_doesNotCountTheirApproval() {
    // Issue 8, item 10: carol approved, then left sre-leads; dave's approval alone is not two.
    AccessRequest half = h.approve(CAROL, h.request(ALICE, "gcp-prod-two-person", ""));
    h.usePolicy(
        ServiceHarness.POLICY.replace(
            "sre-leads: [carol@example.com, dave@example.com", "sre-leads: [dave@example.com"));

    AccessRequest after = h.approve(DAVE, half);

    assertThat(after.state()).isEqualTo(RequestState.FAILED);
    assertThat(after.endReason()).contains("only 1 of the 2 approvals");
    assertThat(h.gcp.grants()).isEmpty();
  }

  @Test
  void request_whenNoApprovalNeeded_isActiveAtOnce() {
    AccessRequest r = h.request(BOB, "gcp-sandbox-viewer", "");

    assertThat(r.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(r.window().start()).isEqualTo(h.clock.instant());
    assertThat(h.gcp.grants()).hasSize(1);
    assertThat(h.notifier.sent(Notification.Kind.NEW_REQUEST)).isEmpty();
  }

  @Test
  void deny_endsTheRequestAndTellsTheRequester() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    AccessRequest denied = h.service.decide(ERIN, Decide.deny(r.id(), "use the read-only role"));

    assertThat(denied.state()).isEqualTo(RequestState.DENIED);
    assertThat(denied.denial().by()).isEqualTo(ERIN.email());
    assertThat(denied.denial().reason()).isEqualTo("use the read-only role");
    assertThat(h.notifier.sent(Notification.Kind.DENIED)).hasSize(1);
    assertThatThrownBy(() -> h.approve(CAROL, r)).isInstanceOf(ConflictException.class);
  }

  @Test
  void deny_withoutAReason_isInvalid() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertThatThrownBy(() -> Decide.deny(r.id(), "  "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reason is required");
  }

  @Test
  void cancel_byTheRequesterWhilePending_only() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertThatThrownBy(() -> h.service.cancel(CAROL, r.id()))
        .isInstanceOf(ForbiddenException.class);
    AccessRequest cancelled = h.service.cancel(ALICE, r.id());

    assertThat(cancelled.state()).isEqualTo(RequestState.CANCELLED);
    assertThatThrownBy(() -> h.service.cancel(ALICE, r.id())).isInstanceOf(ConflictException.class);
  }

  @Test
  void cancel_whenActive_conflicts() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    assertThatThrownBy(() -> h.service.cancel(ALICE, r.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("ACTIVE");
  }

  @Test
  void revoke_whileActive_removesTheGrantAndRecordsWhoAndWhy() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    AccessRequest revoked = h.service.revoke(ERIN, new Revoke(r.id(), "incident closed"));

    assertThat(revoked.state()).isEqualTo(RequestState.REVOKED);
    assertThat(revoked.endedBy()).isEqualTo("erin@example.com");
    assertThat(revoked.endReason()).isEqualTo("incident closed");
    assertThat(h.gcp.revokes()).hasSize(1);
    assertThat(h.gcp.artifactCount()).isZero();
    assertThatThrownBy(() -> h.service.revoke(ALICE, new Revoke(r.id(), "")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void revoke_whenTheCloudFails_keepsTheRequestActiveAndSaysSo() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.gcp.failNextRevokes(1);

    assertThatThrownBy(() -> h.service.revoke(ALICE, new Revoke(r.id(), "")))
        .hasMessageContaining("simulated revoke failure");
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void get_byAStranger_isNotFound_asForAMissingRequest() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    assertThatThrownBy(() -> h.service.get(MALLORY, r.id())).isInstanceOf(NotFoundException.class);
    assertThat(h.service.get(CAROL, r.id()).id()).isEqualTo(r.id());
    assertThat(h.service.get(ALICE, r.id()).id()).isEqualTo(r.id());
  }

  @Test
  void lists_showOwnRequestsNewestFirst_andPendingOnesToDecide() {
    AccessRequest first = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
    h.clock.advance(Duration.ofMinutes(1));
    AccessRequest second = h.request(ALICE, "gcp-prod-two-person", "");
    h.clock.advance(Duration.ofMinutes(1));
    AccessRequest davesOwn = h.request(DAVE, "gcp-prod-storage-admin", "INC-2");

    assertThat(h.service.mine(ALICE, Optional.empty()))
        .extracting(AccessRequest::id)
        .containsExactly(second.id(), first.id());
    assertThat(h.service.toDecide(DAVE))
        .extracting(AccessRequest::id)
        .containsExactly(second.id(), first.id())
        .doesNotContain(davesOwn.id());
    assertThat(h.service.toDecide(ALICE)).isEmpty();
  }

  @Test
  void notifierFailure_neverFailsTheTransition_andIsAudited() {
    h.notifier.failing(true);

    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");

    AccessRequest stored = h.stored(r.id());
    assertThat(stored.state()).isEqualTo(RequestState.PENDING);
    AuditEvent last = stored.events().get(stored.events().size() - 1);
    assertThat(last.type()).isEqualTo(AuditType.NOTIFY_FAILED);
    assertThat(last.details()).containsEntry("channel", "recording");
    assertThat(last.details().get("error")).contains("mail server refused");
  }

  @Test
  void everyStoredEvent_isPublishedOnce_andTheChainVerifies() {
    AccessRequest r = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.service.revoke(ALICE, new Revoke(r.id(), "done"));

    AccessRequest stored = h.stored(r.id());
    assertThat(h.published).containsExactlyElementsOf(stored.events());
    assertThat(AuditChain.verify(r.id().value(), stored.events()).valid()).isTrue();
    assertThat(stored.events())
        .extracting(AuditEvent::type)
        .containsSubsequence(
            AuditType.REQUESTED, AuditType.APPROVED, AuditType.ACTIVATED, AuditType.REVOKED);
  }

  @Test
  void approvers_racingOnOneOfOne_produceExactlyOneWinnerAndOneGrant() throws Exception {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
    var approvers = java.util.List.of(CAROL, DAVE, ERIN, CAROL, DAVE, ERIN, CAROL, DAVE);
    var start = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    var results = new java.util.ArrayList<java.util.concurrent.Future<String>>();
    for (var approver : approvers) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return h.approve(approver, r).state().name();
                } catch (ConflictException e) {
                  return "conflict";
                }
              }));
    }
    start.countDown();
    var outcomes = new java.util.ArrayList<String>();
    for (var f : results) {
      outcomes.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(outcomes).filteredOn("ACTIVE"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("conflict"::equals).hasSize(7);
    assertThat(h.gcp.grants()).hasSize(1);
    assertThat(h.stored(r.id()).approvals()).hasSize(1);
  }

  @Test
  void requesterGroupsFromClaims_countAtRequestAndAtApproval() {
    h.usePolicy(
        """
        groups:
          sre-leads: [carol@example.com]
        entitlements:
          - id: gcp-prod-storage-admin
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
            requesters: [group:oncall]
            approvers: [group:sre-leads]
        """);
    var frank = dev.jitgate.domain.Caller.of("frank@example.com", "oncall");

    AccessRequest r = h.request(frank, "gcp-prod-storage-admin", "INC-9");
    AccessRequest active = h.approve(CAROL, r);

    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(active.requesterGroups()).containsExactly("oncall");
    assertThat(active.requester()).isEqualTo(new UserId("frank@example.com"));
    assertThat(h.service.entitlements(frank))
        .extracting(e -> e.id())
        .contains(new EntitlementId("gcp-prod-storage-admin"));
  }
}
