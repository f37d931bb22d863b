package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static dev.jitgate.service.ServiceHarness.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.Review;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14: break-glass activation without approval, told loudly, closed by a review. */
class BreakGlassTest {
  static final String POLICY =
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
          duration: {default: PT2H, min: PT5M, max: PT4H}
          justification: {required: true, pattern: "^(INC|CHG)-[0-9]+"}
          breakGlass: true
          breakGlassMax: PT1H
          breakGlassNotify: [security@example.com]
        - id: gcp-prod-viewer
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          duration: {default: PT1H, min: PT5M, max: PT4H}
      """;

  private final ServiceHarness h = new ServiceHarness();

  @BeforeEach
  void policy() {
    h.usePolicy(POLICY);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private AccessRequest breakGlass(String entitlement, Optional<Duration> d, String why) {
    return h.service.request(
        ALICE, new RequestAccess(new EntitlementId(entitlement), d, why, true, Optional.empty()));
  }

  @Test
  void breakGlass_withAStartAt_isRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(
            () ->
                new RequestAccess(
                    new EntitlementId("gcp-prod-storage-admin"),
                    Optional.empty(),
                    "INC-9",
                    true,
                    Optional.of(Instant.parse("2026-11-22T10:00:00Z"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("break-glass access starts at once");
  }

  @Test
  void breakGlass_whenAllowed_activatesAtOnce_withTheDurationCappedAtBreakGlassMax() {
    AccessRequest r = breakGlass("gcp-prod-storage-admin", Optional.empty(), "INC-9: outage");

    assertThat(r.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(r.duration()).isEqualTo(Duration.ofHours(1));
    assertThat(r.approvals()).isEmpty();
    assertThat(r.attention().breakGlass()).isTrue();
    assertThat(r.attention().reviewOpen()).isTrue();
    assertThat(h.gcp.grants()).hasSize(1);
    // The durable intent precedes the grant, as for any activation.
    List<AuditType> types = r.events().stream().map(e -> e.type()).toList();
    assertThat(types.indexOf(AuditType.ACTIVATION_STARTED))
        .isLessThan(types.indexOf(AuditType.ACTIVATED));
    assertThat(r.integrityProblem(ServiceHarness.AUDIT_KEY)).isEmpty();
  }

  @Test
  void breakGlass_tellsEveryApproverAndTheChannel_beforeTheGrant() {
    breakGlass("gcp-prod-storage-admin", Optional.of(Duration.ofMinutes(30)), "INC-9: outage");

    List<Notification> loud = h.notifier.sent(Notification.Kind.BREAK_GLASS);
    assertThat(loud).hasSize(1);
    assertThat(loud.get(0).invites())
        .extracting(i -> i.approver().email())
        .containsExactlyInAnyOrder("carol@example.com", "dave@example.com");
    assertThat(loud.get(0).targets())
        .contains(new NotifyTarget.Mail(new UserId("security@example.com")));
    assertThat(h.notifier.sent(Notification.Kind.NEW_REQUEST)).isEmpty();
  }

  @Test
  void breakGlass_whenLongerThanBreakGlassMax_isRefused_andNothingIsStored() {
    assertThatThrownBy(
            () ->
                breakGlass(
                    "gcp-prod-storage-admin", Optional.of(Duration.ofHours(2)), "INC-9: outage"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most PT1H");
    assertThat(h.service.mine(ALICE, Optional.empty())).isEmpty();
  }

  @Test
  void breakGlass_withoutAJustification_isRefused() {
    assertThatThrownBy(() -> breakGlass("gcp-prod-storage-admin", Optional.empty(), ""))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(h.gcp.grants()).isEmpty();
  }

  @Test
  void breakGlass_whenTheEntitlementDoesNotAllowIt_isForbidden() {
    assertThatThrownBy(() -> breakGlass("gcp-prod-viewer", Optional.empty(), "INC-9: outage"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("does not allow break-glass");
  }

  @Test
  void review_byAnApprover_closesItOnce_andLeavesTheQueue() {
    AccessRequest r = breakGlass("gcp-prod-storage-admin", Optional.empty(), "INC-9: outage");
    assertThat(h.service.toDecide(CAROL)).extracting(AccessRequest::id).containsExactly(r.id());

    AccessRequest reviewed =
        h.service.review(
            CAROL, new ReviewCommand(r.id(), Review.Outcome.FLAGGED, "no incident open"));

    assertThat(reviewed.attention().review().outcome()).isEqualTo(Review.Outcome.FLAGGED);
    assertThat(reviewed.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(reviewed.events())
        .filteredOn(e -> e.type() == AuditType.REVIEWED)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.details())
                    .containsEntry("outcome", "flagged")
                    .containsEntry("comment", "no incident open"));
    assertThat(h.notifier.sent(Notification.Kind.REVIEWED))
        .singleElement()
        .satisfies(n -> assertThat(n.request().attention().review().by()).isEqualTo(CAROL.email()));
    assertThat(h.service.toDecide(CAROL)).isEmpty();
    assertThat(h.service.toDecide(DAVE)).isEmpty();
    assertThatThrownBy(
            () ->
                h.service.review(DAVE, new ReviewCommand(r.id(), Review.Outcome.CONFIRMED, "fine")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void review_byTheRequester_isForbidden() {
    AccessRequest r = breakGlass("gcp-prod-storage-admin", Optional.empty(), "INC-9: outage");

    assertThatThrownBy(
            () ->
                h.service.review(
                    ALICE, new ReviewCommand(r.id(), Review.Outcome.CONFIRMED, "it was me")))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void review_staysOpenInTheQueue_afterTheAccessExpired() {
    AccessRequest r = breakGlass("gcp-prod-storage-admin", Optional.empty(), "INC-9: outage");

    h.clock.advance(Duration.ofHours(2));
    h.service.sweep(h.clock.instant());

    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(h.service.toDecide(CAROL)).extracting(AccessRequest::id).containsExactly(r.id());
  }

  @Test
  void review_ofAnOrdinaryRequest_conflicts() {
    AccessRequest r = h.request(ALICE, "gcp-prod-viewer", "INC-1");

    assertThatThrownBy(
            () ->
                h.service.review(
                    CAROL, new ReviewCommand(r.id(), Review.Outcome.CONFIRMED, "fine")))
        .isInstanceOf(ConflictException.class);
  }
}
