package dev.jitgate.domain;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request for time-limited access, and the state machine it moves through. Every transition
 * returns a new request whose version is one higher and whose audit chain holds the event for the
 * transition, so a store can write both in one compare-and-set.
 *
 * <p>{@code requesterPrincipalId} is the requester's id in the cloud's directory, taken from the
 * sign-in when the grant kind names grantees by id ({@link GrantKind#needsPrincipalId()}), and null
 * otherwise.
 *
 * <p>{@code requesterGroups} keeps the groups the requester claimed when asking, so that
 * eligibility can be checked again under a changed policy when no requester is present.
 *
 * <p>Fields that do not apply yet are null: {@code denial}, {@code window} (fixed at approval),
 * {@code activatedAt}, {@code endedAt}, {@code endedBy}, {@code endReason} and {@code dueAt} (when
 * the sweep should next look at the request; null once nothing is left to do).
 *
 * <p>Two fields make cloud calls safe against a crash, because each is stored before its call:
 * {@code grantStartedAt} is set before the first grant call, and from then on the cloud may hold
 * this request's access until a revoke succeeds; {@code revoking} holds an early revoke someone
 * asked for while the cloud has not yet confirmed it.
 */
public record AccessRequest(
    RequestId id,
    EntitlementId entitlement,
    GrantSpec grant,
    UserId requester,
    Set<String> requesterGroups,
    PrincipalId requesterPrincipalId,
    String justification,
    Duration duration,
    Instant createdAt,
    Instant approvalDeadline,
    int approvalsRequired,
    List<Approval> approvals,
    Denial denial,
    RequestState state,
    Window window,
    Instant activatedAt,
    Instant endedAt,
    String endedBy,
    String endReason,
    int attempts,
    Instant dueAt,
    Instant grantStartedAt,
    Revocation revoking,
    long version,
    List<AuditEvent> events,
    Attention attention,
    // a pending or approved extension, and how many were applied
    Extension extension,
    int extensions,
    // when the approved window starts, if asked for ahead; null: at approval
    Instant startAt) {

  /** The actor named in the audit for what jitgate does by itself (sweep, retries). */
  public static final String SYSTEM = "jitgate";

  /** The actor named in the audit when the policy approves a request by itself. */
  public static final String POLICY = "policy";

  public AccessRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entitlement, "entitlement");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(requester, "requester");
    requesterGroups = requesterGroups == null ? Set.of() : Set.copyOf(requesterGroups);
    justification = justification == null ? "" : justification;
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(approvalDeadline, "approvalDeadline");
    approvals = List.copyOf(approvals);
    Objects.requireNonNull(state, "state");
    events = List.copyOf(events);
    attention = attention == null ? Attention.NONE : attention;
  }

  /**
   * A new request for {@code entitlement}. It is PENDING, or APPROVED at once with its window fixed
   * when the entitlement needs no approval. The caller has already checked eligibility.
   */
  public static AccessRequest submit(
      RequestId id,
      Entitlement entitlement,
      Caller requester,
      Duration duration,
      String justification,
      Instant now) {
    return Submission.submit(id, entitlement, requester, duration, justification, null, false, now);
  }

  /** As {@link #submit}, for a window that starts at {@code startAt} (null: at approval). */
  public static AccessRequest submit(
      RequestId id,
      Entitlement entitlement,
      Caller requester,
      Duration duration,
      String justification,
      Instant startAt,
      Instant now) {
    return Submission.submit(
        id, entitlement, requester, duration, justification, startAt, false, now);
  }

  /**
   * A break-glass request: approved by the policy at once, within the entitlement's {@code
   * breakGlassMax}, with a justification required, and with a review its approvers must close. The
   * caller has already checked eligibility.
   */
  public static AccessRequest breakGlass(
      RequestId id,
      Entitlement entitlement,
      Caller requester,
      Duration duration,
      String justification,
      Instant now) {
    return Submission.submit(id, entitlement, requester, duration, justification, null, true, now);
  }

  /** Records the one reminder sent to the approvers of a request still PENDING. */
  public AccessRequest remind(Instant now) {
    requireCurrentState(RequestState.PENDING, "remind approvers of");
    if (!attention.reminderDue(now)) {
      throw new ConflictException("request " + id + " has no reminder due");
    }
    Attention next = attention.reminded(now);
    return copy()
        .attention(next)
        .dueAt(next.nextDue(approvalDeadline))
        .build()
        .withEvent(
            now, AuditType.REMINDED, SYSTEM, Map.of("remindAt", attention.remindAt().toString()));
  }

  /**
   * Records a reminder of a break-glass review still open, in any state; sent again every {@code
   * every} until an approver closes the review.
   */
  public AccessRequest remindReview(Duration every, Instant now) {
    if (!attention.reviewReminderDue(createdAt, every, now)) {
      throw new ConflictException("request " + id + " has no review reminder due");
    }
    return copy()
        .attention(attention.reminded(now))
        .build()
        .withEvent(now, AuditType.REMINDED, SYSTEM, Map.of("review", "open"));
  }

  /**
   * Records the escalation of a request still PENDING: from now on {@code to} (the entitlement's
   * {@code escalateTo}, as written) may decide it as well.
   */
  public AccessRequest escalate(String to, Instant now) {
    requireCurrentState(RequestState.PENDING, "escalate");
    if (!attention.escalationDue(now)) {
      throw new ConflictException("request " + id + " has no escalation due");
    }
    Attention next = attention.escalated(now);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("escalateAt", attention.escalateAt().toString());
    details.put("escalateTo", to);
    return copy()
        .attention(next)
        .dueAt(next.nextDue(approvalDeadline))
        .build()
        .withEvent(now, AuditType.ESCALATED, SYSTEM, details);
  }

  /** Closes the review of a break-glass activation; never by the requester, and only once. */
  public AccessRequest review(
      UserId reviewer, Review.Outcome outcome, String comment, Instant now) {
    if (reviewer.equals(requester)) {
      throw new ForbiddenException("you cannot review your own break-glass activation");
    }
    if (!attention.breakGlass()) {
      throw new ConflictException("request " + id + " is not a break-glass activation");
    }
    if (!attention.reviewOpen()) {
      throw new ConflictException(
          "request "
              + id
              + " was already reviewed by "
              + attention.review().by()
              + " ("
              + attention.review().outcome().id()
              + ")");
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("outcome", outcome.id());
    details.put("comment", comment == null ? "" : comment);
    return copy()
        .attention(attention.reviewed(new Review(outcome, reviewer, now, comment)))
        .build()
        .withEvent(now, AuditType.REVIEWED, reviewer.email(), details);
  }

  /**
   * Records {@code approver}'s approval. Once enough distinct approvers have approved, the request
   * is APPROVED and its access window is fixed: it starts now and lasts the requested duration.
   */
  public AccessRequest approve(UserId approver, String comment, Instant now) {
    requireDecidableBy(approver, "approve");
    List<Approval> more = new ArrayList<>(approvals);
    more.add(new Approval(approver, now, comment));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("approvals", more.size() + " of " + approvalsRequired);
    if (comment != null && !comment.isEmpty()) {
      details.put("comment", comment);
    }
    AccessRequest next = copy().approvals(more).build();
    if (more.size() >= approvalsRequired) {
      next = next.approvedAt(now);
    }
    return next.withEvent(now, AuditType.APPROVED, approver.email(), details);
  }

  /** Ends a PENDING request with an approver's no. */
  public AccessRequest deny(UserId approver, String reason, Instant now) {
    requireDecidableBy(approver, "deny");
    return copy()
        .state(RequestState.DENIED)
        .denial(new Denial(approver, now, reason))
        .ended(now, approver.email(), reason)
        .build()
        .withEvent(now, AuditType.DENIED, approver.email(), reasonDetails(reason));
  }

  /**
   * The requester withdraws a PENDING request, or an APPROVED one whose scheduled window has not
   * started (issue 14: the one way out of APPROVED besides ACTIVE and FAILED, checked here rather
   * than in {@link RequestState}, since it holds only before the start).
   */
  public AccessRequest cancel(UserId by, Instant now) {
    if (!by.equals(requester)) {
      throw new ForbiddenException("only the requester can cancel a request");
    }
    if (!scheduledAfter(now)) {
      requireCurrentState(RequestState.PENDING, "cancel");
    }
    return copy()
        .state(RequestState.CANCELLED)
        .ended(now, by.email(), "cancelled by the requester")
        .build()
        .withEvent(now, AuditType.CANCELLED, by.email(), Map.of());
  }

  /** A PENDING request whose approval deadline has passed becomes TIMED_OUT. */
  public AccessRequest timeOut(Instant now) {
    requireCurrentState(RequestState.PENDING, "time out");
    if (now.isBefore(approvalDeadline)) {
      throw new ConflictException("request " + id + " is not past its approval deadline");
    }
    String reason = "not approved by " + approvalDeadline;
    return copy()
        .state(RequestState.TIMED_OUT)
        .ended(now, SYSTEM, reason)
        .build()
        .withEvent(now, AuditType.TIMED_OUT, SYSTEM, reasonDetails(reason));
  }

  /**
   * The intent to grant, stored before the first grant call: from here on the cloud may hold this
   * request's access, so giving up on it means revoking first.
   */
  public AccessRequest startGrant(Instant now) {
    requireCurrentState(RequestState.APPROVED, "activate");
    if (grantStartedAt != null) {
      throw new ConflictException("request " + id + " has already started its grant");
    }
    return copy()
        .grantStartedAt(now)
        .build()
        .withEvent(now, AuditType.ACTIVATION_STARTED, SYSTEM, withWindow(Map.of()));
  }

  /** The grant succeeded: the request is ACTIVE until its window ends. */
  public AccessRequest activate(Instant now, Map<String, String> details) {
    requireCurrentState(RequestState.APPROVED, "activate");
    return copy()
        .state(RequestState.ACTIVE)
        .activatedAt(now)
        .dueAt(window.end())
        .build()
        .withEvent(now, AuditType.ACTIVATED, SYSTEM, withWindow(details));
  }

  /** The grant failed this time; it stays APPROVED and is tried again at {@code retryAt}. */
  public AccessRequest activationFailed(String error, Instant now, Instant retryAt) {
    requireCurrentState(RequestState.APPROVED, "retry");
    int attempt = attempts + 1;
    return copy()
        .attempts(attempt)
        .dueAt(retryAt)
        .build()
        .withEvent(
            now,
            AuditType.ACTIVATION_FAILED,
            SYSTEM,
            Map.of(
                "attempt",
                Integer.toString(attempt),
                "error",
                error,
                "retryAt",
                retryAt.toString()));
  }

  /** The grant cannot be made any more (its window ended, or the requester lost eligibility). */
  public AccessRequest fail(String reason, Instant now) {
    return fail(reason, now, Map.of());
  }

  /**
   * As {@link #fail(String, Instant)}, after whatever the cloud may hold was revoked; {@code
   * details} say what became of the artifact.
   */
  public AccessRequest fail(String reason, Instant now, Map<String, String> details) {
    requireTransitionTo(RequestState.FAILED);
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("error", reason);
    all.put("final", "true");
    return copy()
        .state(RequestState.FAILED)
        .ended(now, SYSTEM, reason)
        .build()
        .withEvent(now, AuditType.ACTIVATION_FAILED, SYSTEM, all);
  }

  /** The window has ended and the access is gone. */
  public AccessRequest expire(Instant now, Map<String, String> details) {
    requireTransitionTo(RequestState.EXPIRED);
    if (now.isBefore(window.end())) {
      throw new ConflictException("request " + id + " does not expire before " + window.end());
    }
    return copy()
        .state(RequestState.EXPIRED)
        .ended(now, SYSTEM, "the access window ended")
        .build()
        .withEvent(now, AuditType.EXPIRED, SYSTEM, details);
  }

  /** Someone ended the access before its window did. */
  public AccessRequest revoke(UserId by, String reason, Instant now, Map<String, String> details) {
    requireTransitionTo(RequestState.REVOKED);
    Map<String, String> all = new LinkedHashMap<>(details);
    all.putAll(reasonDetails(reason));
    return copy()
        .state(RequestState.REVOKED)
        .ended(now, by.email(), reason == null || reason.isEmpty() ? "revoked" : reason)
        .build()
        .withEvent(now, AuditType.REVOKED, by.email(), all);
  }

  /**
   * The intent to end the access early, stored before the revoke call. The request stays ACTIVE,
   * and is due at once, until the revoke is confirmed: if this process dies meanwhile, the sweep
   * finishes the revoke as {@code by}.
   */
  public AccessRequest startRevoke(UserId by, String reason, Instant now) {
    requireCurrentState(RequestState.ACTIVE, "revoke");
    Map<String, String> details = new LinkedHashMap<>(reasonDetails(reason));
    return copy()
        .revoking(new Revocation(by, reason, now))
        .dueAt(now)
        .build()
        .withEvent(now, AuditType.REVOKE_STARTED, by.email(), details);
  }

  /** Ending the access failed this time; the sweep tries again at {@code retryAt}. */
  public AccessRequest endingFailed(Instant retryAt) {
    if (state != RequestState.ACTIVE) {
      throw new ConflictException("request " + id + " is " + state + ", not ACTIVE");
    }
    return copy().dueAt(retryAt).version(version + 1).build();
  }

  /**
   * The requester asks for {@code more} time on ACTIVE access, within the entitlement's {@code
   * extensions} and {@code max}; approved at once when the entitlement needs no approval for it.
   */
  public AccessRequest requestExtension(
      UserId by, Duration more, String justification, Entitlement entitlement, Instant now) {
    return Extending.ask(this, by, more, justification, entitlement, now);
  }

  /** Records an approval of the pending extension; the last one needed fixes the new end. */
  public AccessRequest approveExtension(UserId approver, String comment, Instant now) {
    return Extending.approve(this, approver, comment, now);
  }

  /** The cloud's expiry now follows the approved extension: the window's end moves. */
  public AccessRequest extensionApplied(Instant now, Map<String, String> details) {
    return Extending.applied(this, now, details);
  }

  /** Drops the extension, applied or not, with the reason in the audit. */
  public AccessRequest extensionRefused(String reason, Instant now) {
    return Extending.refused(this, reason, now);
  }

  /** Appends an event that is not a transition, such as a notification's outcome. */
  public AccessRequest record(
      AuditType type, String actor, Map<String, String> details, Instant now) {
    return withEvent(now, type, actor, details);
  }

  /** This request with every event not yet sealed sealed by {@code key}, before it is stored. */
  public AccessRequest sealedWith(AuditKey key) {
    return copy().events(key.seal(events)).build();
  }

  /**
   * Why this request cannot be trusted as stored, or empty: its audit chain must verify under
   * {@code key}, and its state and approvals must be what its events say.
   */
  public Optional<String> integrityProblem(AuditKey key) {
    AuditChain.Verification chain = key.verify(id.value(), events);
    if (!chain.valid()) {
      return Optional.of(chain.problem());
    }
    return EventHistory.disagreement(this);
  }

  /**
   * Whether approvers have something to do on this request outside PENDING: a break-glass review
   * still open, or an extension of ACTIVE access waiting for approval. Stores index such requests
   * sparsely, so the approver queue reads them without reading history.
   */
  public boolean waitsOnApprovers() {
    return attention.reviewOpen()
        || (state == RequestState.ACTIVE && extension != null && !extension.approved());
  }

  /** The key under which this request's cloud artifact is reference-counted. */
  public GrantKey grantKey() {
    return GrantKey.of(grant, requester);
  }

  public Cloud cloud() {
    return grant.kind().cloud();
  }

  public boolean approvedBy(UserId approver) {
    return approvals.stream().anyMatch(a -> a.approver().equals(approver));
  }

  /**
   * Whether {@code approver} may still decide this request, as far as the request itself can say:
   * it is PENDING, it is not their own, and they have not decided it yet, by any channel. Whether
   * the policy makes them an approver is the service's part.
   */
  public boolean decidableBy(UserId approver) {
    return state == RequestState.PENDING && !approver.equals(requester) && !approvedBy(approver);
  }

  /** The refusal {@link #decidableBy} stands for, with the status that fits it. */
  private void requireDecidableBy(UserId approver, String verb) {
    if (approver.equals(requester)) {
      throw new ForbiddenException("you cannot " + verb + " your own request");
    }
    requireCurrentState(RequestState.PENDING, verb);
    if (approvedBy(approver)) {
      // One approver, one decision: an approval is neither repeated nor turned into a denial.
      throw new ConflictException("you have already approved request " + id);
    }
  }

  /** When the access ends: the window's end, once the request has been approved. */
  public Instant expiresAt() {
    return window == null ? null : window.end();
  }

  AccessRequest approvedAt(Instant now) {
    Instant start = startAt != null && startAt.isAfter(now) ? startAt : now;
    return copy()
        .state(RequestState.APPROVED)
        .window(Window.of(start, duration))
        .attempts(0)
        .dueAt(start)
        .build();
  }

  /** Whether this is an APPROVED request whose scheduled window has not started at {@code now}. */
  public boolean scheduledAfter(Instant now) {
    return state == RequestState.APPROVED
        && grantStartedAt == null
        && window != null
        && now.isBefore(window.start());
  }

  /** Refuses {@code verb} unless the request is in {@code required} now. */
  private void requireCurrentState(RequestState required, String verb) {
    if (state != required) {
      throw new ConflictException(
          "cannot " + verb + " request " + id + ": it is " + state + ", not " + required);
    }
  }

  /** Refuses a move to {@code target} that the state machine does not allow from here. */
  private void requireTransitionTo(RequestState target) {
    if (!state.canMoveTo(target)) {
      throw new ConflictException("request " + id + " cannot move from " + state + " to " + target);
    }
  }

  AccessRequest withEvent(Instant now, AuditType type, String actor, Map<String, String> details) {
    return copy()
        .version(version + 1)
        .events(AuditChain.append(id.value(), events, now, type, actor, details))
        .build();
  }

  AccessRequest withVersion(long v) {
    return copy().version(v).build();
  }

  private Map<String, String> withWindow(Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("windowStart", window.start().toString());
    all.put("windowEnd", window.end().toString());
    return all;
  }

  private static Map<String, String> reasonDetails(String reason) {
    return reason == null || reason.isEmpty() ? Map.of() : Map.of("reason", reason);
  }

  RequestChange change() {
    return copy();
  }

  private RequestChange copy() {
    return new RequestChange(this);
  }
}
