package dev.jitgate.domain;

import dev.jitgate.audit.AuditEvent;
import java.time.Instant;
import java.util.List;

/**
 * A mutable copy of a request, used by {@link AccessRequest}'s transitions to build the next state;
 * it never leaves this package. What a transition does not set stays as it was.
 */
final class RequestChange {
  private final AccessRequest from;
  private List<Approval> approvals;
  private Denial denial;
  private RequestState state;
  private Window window;
  private Instant activatedAt;
  private Instant endedAt;
  private String endedBy;
  private String endReason;
  private int attempts;
  private Instant dueAt;
  private Instant grantStartedAt;
  private Revocation revoking;
  private long version;
  private List<AuditEvent> events;
  private Attention attention;
  private Extension extension;
  private int extensions;

  RequestChange(AccessRequest r) {
    from = r;
    approvals = r.approvals();
    denial = r.denial();
    state = r.state();
    window = r.window();
    activatedAt = r.activatedAt();
    endedAt = r.endedAt();
    endedBy = r.endedBy();
    endReason = r.endReason();
    attempts = r.attempts();
    dueAt = r.dueAt();
    grantStartedAt = r.grantStartedAt();
    revoking = r.revoking();
    version = r.version();
    events = r.events();
    attention = r.attention();
    extension = r.extension();
    extensions = r.extensions();
  }

  RequestChange extension(Extension v) {
    extension = v;
    return this;
  }

  RequestChange extensions(int v) {
    extensions = v;
    return this;
  }

  RequestChange approvals(List<Approval> v) {
    approvals = v;
    return this;
  }

  RequestChange denial(Denial v) {
    denial = v;
    return this;
  }

  RequestChange state(RequestState v) {
    state = v;
    return this;
  }

  RequestChange window(Window v) {
    window = v;
    return this;
  }

  RequestChange activatedAt(Instant v) {
    activatedAt = v;
    return this;
  }

  /** A final state: records who ended it and why, and leaves the sweep nothing to do. */
  RequestChange ended(Instant at, String by, String reason) {
    endedAt = at;
    endedBy = by;
    endReason = reason;
    dueAt = null;
    revoking = null;
    extension = null;
    return this;
  }

  RequestChange attempts(int v) {
    attempts = v;
    return this;
  }

  RequestChange dueAt(Instant v) {
    dueAt = v;
    return this;
  }

  RequestChange grantStartedAt(Instant v) {
    grantStartedAt = v;
    return this;
  }

  RequestChange revoking(Revocation v) {
    revoking = v;
    return this;
  }

  RequestChange version(long v) {
    version = v;
    return this;
  }

  RequestChange events(List<AuditEvent> v) {
    events = v;
    return this;
  }

  RequestChange attention(Attention v) {
    attention = v;
    return this;
  }

  AccessRequest build() {
    return new AccessRequest(
        from.id(),
        from.entitlement(),
        from.grant(),
        from.requester(),
        from.requesterGroups(),
        from.requesterPrincipalId(),
        from.justification(),
        from.duration(),
        from.createdAt(),
        from.approvalDeadline(),
        from.approvalsRequired(),
        approvals,
        denial,
        state,
        window,
        activatedAt,
        endedAt,
        endedBy,
        endReason,
        attempts,
        dueAt,
        grantStartedAt,
        revoking,
        version,
        events,
        attention,
        extension,
        extensions,
        from.startAt());
  }
}
