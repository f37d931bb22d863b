package dev.jitgate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditType;
import dev.jitgate.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRequestTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Caller ALICE = Caller.of("alice@example.com", "sre");
  private static final UserId CAROL = new UserId("carol@example.com");
  private static final UserId DAVE = new UserId("dave@example.com");

  private static AccessRequest submit(int approvals) {
    Entitlement e = Fixtures.entitlement("gcp-prod", Fixtures.GCP_STORAGE_ADMIN, approvals);
    return AccessRequest.submit(
        RequestId.random(), e, ALICE, Duration.ofHours(1), "INC-42: restore", T0);
  }

  @Test
  void submit_whenApprovalsNeeded_isPendingUntilTheDeadline() {
    AccessRequest r = submit(1);

    assertThat(r.state()).isEqualTo(RequestState.PENDING);
    assertThat(r.approvalDeadline()).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(r.dueAt()).isEqualTo(r.approvalDeadline());
    assertThat(r.window()).isNull();
    assertThat(r.version()).isEqualTo(1);
    assertThat(r.events()).extracting(e -> e.type()).containsExactly(AuditType.REQUESTED);
    assertThat(r.requesterGroups()).containsExactly("sre");
  }

  @Test
  void submit_whenNoApprovalsNeeded_isApprovedWithTheWindowStartingNow() {
    AccessRequest r = submit(0);

    assertThat(r.state()).isEqualTo(RequestState.APPROVED);
    assertThat(r.window()).isEqualTo(new Window(T0, T0.plus(Duration.ofHours(1))));
    assertThat(r.events())
        .extracting(e -> e.type())
        .containsExactly(AuditType.REQUESTED, AuditType.APPROVED);
    assertThat(r.events().get(1).actor()).isEqualTo(AccessRequest.POLICY);
  }

  @Test
  void submit_forAnAzureKind_keepsTheSignInsEntraObjectId_andTheGrantCarriesIt() {
    Entitlement e = Fixtures.entitlement("azure-prod", Fixtures.AZURE_PIM_READER, 1);
    Caller entra =
        new Caller(
            "sub-1",
            new UserId("alice@example.com"),
            Set.of(),
            Map.of("oid", "6F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9"));

    AccessRequest r =
        AccessRequest.submit(RequestId.random(), e, entra, Duration.ofHours(1), "INC-42: x", T0)
            .approve(CAROL, "ok", T0);

    PrincipalId oid = new PrincipalId("6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    assertThat(r.requesterPrincipalId()).isEqualTo(oid);
    assertThat(Grant.of(r).principalId()).contains(oid);
    assertThat(r.events().get(0).details()).containsEntry("principalId", oid.value());
  }

  @Test
  void submit_forAnAzureKind_whenTheSignInCarriesNoObjectId_isForbiddenBeforeAnyApproval() {
    Entitlement e = Fixtures.entitlement("azure-prod", Fixtures.AZURE_PIM_READER, 1);
    Caller noOid = new Caller("sub-1", new UserId("alice@example.com"), Set.of(), Map.of());
    Caller notAGuid =
        new Caller("sub-1", new UserId("alice@example.com"), Set.of(), Map.of("oid", "alice"));

    for (Caller caller : new Caller[] {noOid, notAGuid}) {
      assertThatThrownBy(
              () ->
                  AccessRequest.submit(
                      RequestId.random(), e, caller, Duration.ofHours(1), "INC-42: x", T0))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageContaining("Entra object id")
          .hasMessageContaining("'oid'");
    }
  }

  @Test
  void submit_forAKindNamedByEmail_keepsNoPrincipalId() {
    AccessRequest r = submit(1);

    assertThat(r.requesterPrincipalId()).isNull();
    assertThat(r.events().get(0).details()).doesNotContainKey("principalId");
  }

  @Test
  void submit_whenDurationOutsideLimits_isInvalid() {
    Entitlement e = Fixtures.entitlement("gcp-prod", Fixtures.GCP_STORAGE_ADMIN, 1);

    assertThatThrownBy(
            () ->
                AccessRequest.submit(
                    RequestId.random(), e, ALICE, Duration.ofHours(5), "INC-1", T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("PT5H")
        .hasMessageContaining("PT5M to PT4H");
  }

  @Test
  void submit_whenJustificationMissingOrOffPattern_isInvalidWithTheHint() {
    Entitlement e = Fixtures.entitlement("gcp-prod", Fixtures.GCP_STORAGE_ADMIN, 1);

    assertThatThrownBy(
            () -> AccessRequest.submit(RequestId.random(), e, ALICE, Duration.ofHours(1), "", T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("needs a justification")
        .hasMessageContaining("INC-123: why");
    assertThatThrownBy(
            () ->
                AccessRequest.submit(
                    RequestId.random(), e, ALICE, Duration.ofHours(1), "because", T0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void approve_whenByTheRequester_isForbidden() {
    AccessRequest r = submit(1);

    assertThatThrownBy(() -> r.approve(ALICE.email(), "", T0))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("your own request");
    assertThatThrownBy(() -> r.deny(ALICE.email(), "no", T0))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void approve_whenSameApproverTwice_conflicts() {
    AccessRequest once = submit(2).approve(CAROL, "ok", T0);

    assertThatThrownBy(() -> once.approve(CAROL, "again", T0))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already approved");
    assertThat(once.state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void deny_afterTheSameApproverApproved_conflicts() {
    AccessRequest once = submit(2).approve(CAROL, "ok", T0);

    assertThatThrownBy(() -> once.deny(CAROL, "no after all", T0))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already approved");
    assertThat(once.decidableBy(CAROL)).isFalse();
    assertThat(once.decidableBy(DAVE)).isTrue();
    assertThat(once.decidableBy(once.requester())).isFalse();
  }

  @Test
  void approve_needsNDistinctApprovers_andFixesTheWindowAtTheLastApproval() {
    AccessRequest r = submit(2);
    Instant first = T0.plus(Duration.ofHours(2));
    Instant second = T0.plus(Duration.ofHours(3));

    AccessRequest half = r.approve(CAROL, "", first);
    AccessRequest full = half.approve(DAVE, "fine", second);

    assertThat(half.state()).isEqualTo(RequestState.PENDING);
    assertThat(half.window()).isNull();
    assertThat(full.state()).isEqualTo(RequestState.APPROVED);
    assertThat(full.window()).isEqualTo(new Window(second, second.plus(Duration.ofHours(1))));
    assertThat(full.approvals()).extracting(Approval::approver).containsExactly(CAROL, DAVE);
    assertThat(full.events().get(2).details()).containsEntry("approvals", "2 of 2");
  }

  @Test
  void activationFailed_keepsTheWindowAndCountsTheAttempt() {
    AccessRequest approved = submit(1).approve(CAROL, "", T0);
    Instant later = T0.plusSeconds(60);

    AccessRequest retried = approved.activationFailed("throttled", later, later.plusSeconds(30));

    assertThat(retried.state()).isEqualTo(RequestState.APPROVED);
    assertThat(retried.window()).isEqualTo(approved.window());
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.dueAt()).isEqualTo(later.plusSeconds(30));
    assertThat(retried.events().get(retried.events().size() - 1).type())
        .isEqualTo(AuditType.ACTIVATION_FAILED);
  }

  @Test
  void activate_makesTheRequestDueAtTheWindowEnd() {
    AccessRequest active = submit(1).approve(CAROL, "", T0).activate(T0, Map.of());

    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(active.activatedAt()).isEqualTo(T0);
    assertThat(active.dueAt()).isEqualTo(active.expiresAt());
    assertThat(active.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void timeOut_beforeTheDeadline_conflicts() {
    AccessRequest r = submit(1);

    assertThatThrownBy(() -> r.timeOut(T0.plusSeconds(10)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not past its approval deadline");
  }

  @Test
  void expire_beforeTheWindowEnds_conflicts() {
    AccessRequest active = submit(1).approve(CAROL, "", T0).activate(T0, Map.of());

    assertThatThrownBy(() -> active.expire(T0.plusSeconds(59), Map.of()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void cancel_bySomeoneElse_isForbidden() {
    AccessRequest r = submit(1);

    assertThatThrownBy(() -> r.cancel(CAROL, T0)).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void everyTransition_bumpsTheVersionByOneAndKeepsTheAuditChainValid() {
    AccessRequest pending = submit(2);
    AccessRequest half = pending.approve(CAROL, "", T0);
    AccessRequest approved = half.approve(DAVE, "", T0);
    AccessRequest active = approved.activate(T0, Map.of());
    AccessRequest expired = active.expire(T0.plus(Duration.ofHours(1)), Map.of());

    assertThat(
            java.util.List.of(pending, half, approved, active, expired).stream()
                .map(AccessRequest::version))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(AuditChain.verify(expired.id().value(), expired.events()).valid()).isTrue();
    assertThat(expired.endedBy()).isEqualTo(AccessRequest.SYSTEM);
    assertThat(expired.dueAt()).isNull();
  }

  @Test
  void startGrant_recordsTheIntentOnce_andKeepsItThroughActivation() {
    AccessRequest approved = submit(0);

    AccessRequest granting = approved.startGrant(T0.plusSeconds(1));
    AccessRequest active = granting.activate(T0.plusSeconds(2), Map.of());

    assertThat(granting.state()).isEqualTo(RequestState.APPROVED);
    assertThat(granting.grantStartedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(granting.version()).isEqualTo(approved.version() + 1);
    assertThat(granting.events().get(granting.events().size() - 1).type())
        .isEqualTo(AuditType.ACTIVATION_STARTED);
    assertThat(active.grantStartedAt()).isEqualTo(granting.grantStartedAt());
    assertThatThrownBy(() -> granting.startGrant(T0.plusSeconds(3)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> submit(1).startGrant(T0)).isInstanceOf(ConflictException.class);
  }

  @Test
  void startRevoke_keepsTheRequestActiveAndDue_untilTheRevokeEndsIt() {
    AccessRequest active = submit(0).startGrant(T0).activate(T0, Map.of());

    AccessRequest revoking = active.startRevoke(CAROL, "done", T0.plusSeconds(5));
    AccessRequest revoked = revoking.revoke(CAROL, "done", T0.plusSeconds(6), Map.of());

    assertThat(revoking.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(revoking.revoking()).isEqualTo(new Revocation(CAROL, "done", T0.plusSeconds(5)));
    assertThat(revoking.dueAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(revoking.events().get(revoking.events().size() - 1).actor())
        .isEqualTo(CAROL.email());
    assertThat(revoked.revoking()).isNull();
    assertThat(revoked.dueAt()).isNull();
    assertThat(AuditChain.verify(revoked.id().value(), revoked.events()).valid()).isTrue();
    assertThatThrownBy(() -> submit(1).startRevoke(CAROL, "", T0))
        .isInstanceOf(ConflictException.class);
  }
}
