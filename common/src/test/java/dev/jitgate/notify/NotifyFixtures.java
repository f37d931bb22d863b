package dev.jitgate.notify;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import dev.jitgate.store.TestRequests;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Notifications as the service produces them, built from real requests and real approval tokens:
 * alice asks for {@code prod-read}, and approvers 1 and 2 are each invited with their own token.
 */
final class NotifyFixtures {
  static final String BASE_URL = "https://jitgate.example.com";
  static final UserId REQUESTER = new UserId(TestRequests.REQUESTER);
  static final UserId APPROVER_1 = TestRequests.approver(1);
  static final UserId APPROVER_2 = TestRequests.approver(2);
  static final UserId WATCHERS = new UserId("sre-watch@example.com");
  static final String DESCRIPTION = "Read-only access to the production database";

  /** Signs the invites' tokens; tests verify a link's token with it. */
  static final ApprovalTokens TOKENS =
      new ApprovalTokens(
          List.of(ApprovalTokens.generateKey("k1")),
          "k1",
          Clock.fixed(TestRequests.T0, ZoneOffset.UTC));

  private NotifyFixtures() {}

  /** The entitlement the requests are for, telling {@code alsoNotify} as well as its approvers. */
  static Entitlement entitlement(NotifyTarget... alsoNotify) {
    return entitlement(DESCRIPTION, alsoNotify);
  }

  static Entitlement entitlement(String description, NotifyTarget... alsoNotify) {
    Entitlement e = TestRequests.entitlement("prod-read", TestRequests.gcpIamBinding(), 1);
    return new Entitlement(
        e.id(),
        description,
        e.grant(),
        e.requesters(),
        e.approvers(),
        e.approvalsRequired(),
        e.duration(),
        e.justification(),
        e.approvalTimeout(),
        e.signInRequired(),
        List.of(alsoNotify));
  }

  /** A new request with one invite for each of approvers 1 and 2. */
  static Notification newRequest(AccessRequest pending, Entitlement entitlement) {
    return new Notification(
        Notification.Kind.NEW_REQUEST,
        pending,
        Optional.of(entitlement),
        List.of(invite(pending, APPROVER_1), invite(pending, APPROVER_2)));
  }

  static Notification newRequest(NotifyTarget... alsoNotify) {
    return newRequest(TestRequests.request().pending(), entitlement(alsoNotify));
  }

  static Notification.Invite invite(AccessRequest request, UserId approver) {
    return new Notification.Invite(
        approver, TOKENS.issue(request.id(), approver, request.approvalDeadline()));
  }

  /** An outcome for a request brought to the state the outcome reports. */
  static Notification outcome(Notification.Kind kind, NotifyTarget... alsoNotify) {
    return outcome(kind, inStateFor(kind, TestRequests.request()), alsoNotify);
  }

  static Notification outcome(
      Notification.Kind kind, AccessRequest request, NotifyTarget... alsoNotify) {
    return new Notification(kind, request, Optional.of(entitlement(alsoNotify)), List.of());
  }

  /** The request as it is when {@code kind} is announced. */
  static AccessRequest inStateFor(Notification.Kind kind, TestRequests.Draft draft) {
    return switch (kind) {
      case NEW_REQUEST -> draft.pending();
      case APPROVED -> draft.approved();
      case DENIED -> draft.denied();
      case ACTIVE -> draft.active();
      case EXPIRED -> draft.expired();
      case REVOKED -> draft.revoked();
      case FAILED -> draft.failed();
      case TIMED_OUT -> draft.timedOut();
      case REMINDER, ESCALATED -> draft.pending();
      case BREAK_GLASS, REVIEW_REMINDER -> draft.breakGlassActive();
      case REVIEWED -> draft.breakGlassReviewed();
      case EXTENSION_REQUESTED -> draft.extensionPending();
      case EXTENDED -> draft.extended();
      case EXTENSION_REFUSED -> draft.extensionRefused();
    };
  }
}
