package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static dev.jitgate.service.ServiceHarness.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import dev.jitgate.token.ApprovalClaims;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extension that needs approval reaches its approvers (issue 14): they are told, it waits in
 * their queue, the requester hears the outcome, and a mailed approval link never decides it.
 */
class ExtensionApprovalFlowTest {
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

  private AccessRequest activeWithExtensionAsked() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", Duration.ofHours(1));
    AccessRequest active = h.approve(CAROL, r);
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    return h.service.extend(
        ALICE, new ExtendAccess(r.id(), Duration.ofMinutes(30), "INC-9: still restoring"));
  }

  @Test
  void extensionAsked_tellsEveryApprover_withoutApprovalLinks_andWaitsInTheirQueue() {
    AccessRequest asked = activeWithExtensionAsked();

    Notification told = h.notifier.sent(Notification.Kind.EXTENSION_REQUESTED).get(0);
    assertThat(told.request().id()).isEqualTo(asked.id());
    assertThat(told.invites())
        .extracting(Notification.Invite::approver)
        .containsExactlyInAnyOrder(new UserId("carol@example.com"), new UserId("dave@example.com"));
    assertThat(told.invites()).allSatisfy(i -> assertThat(i.token()).isEmpty());
    assertThat(h.service.toDecide(DAVE)).extracting(AccessRequest::id).containsExactly(asked.id());
    assertThat(h.service.toDecide(ALICE)).isEmpty();
  }

  @Test
  void extensionApproved_tellsTheRequester_andLeavesTheQueue() {
    AccessRequest asked = activeWithExtensionAsked();

    AccessRequest extended = h.approve(DAVE, asked);

    assertThat(extended.extensions()).isEqualTo(1);
    Notification told = h.notifier.sent(Notification.Kind.EXTENDED).get(0);
    assertThat(told.request().window().end()).isEqualTo(asked.window().end().plusSeconds(1800));
    assertThat(h.service.toDecide(DAVE)).isEmpty();
  }

  @Test
  void extensionDenied_tellsTheRequesterWhy() {
    AccessRequest asked = activeWithExtensionAsked();

    h.service.decide(DAVE, new Decide(asked.id(), Decide.Decision.DENY, "not this week"));

    Notification told = h.notifier.sent(Notification.Kind.EXTENSION_REFUSED).get(0);
    assertThat(told.request().state()).isEqualTo(RequestState.ACTIVE);
    assertThat(told.request().extension()).isNull();
    assertThat(h.service.toDecide(DAVE)).isEmpty();
  }

  @Test
  void aMailedApprovalLink_neverDecidesAnExtension_evenUnused() {
    // given Dave's link for the request itself, still within its expiry, never used
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", Duration.ofHours(1));
    ApprovalClaims davesLink =
        h.tokens.verify(
            h.tokens.issue(r.id(), new UserId("dave@example.com"), r.approvalDeadline()));
    h.approve(CAROL, r);
    AccessRequest asked =
        h.service.extend(
            ALICE, new ExtendAccess(r.id(), Duration.ofMinutes(30), "INC-9: still restoring"));

    // when Dave approves through it, then it is refused and nothing changes
    assertThatThrownBy(
            () ->
                h.service.decideByLink(
                    davesLink, Optional.empty(), Decide.Decision.APPROVE, "sure"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("decide its extension signed in, in the console");
    assertThat(h.stored(r.id()).version()).isEqualTo(asked.version());
  }
}
