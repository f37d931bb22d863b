package dev.jitgate.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Something a person may ask for: what it grants, who may ask, who approves, and for how long. */
public record Entitlement(
    EntitlementId id,
    String description,
    GrantSpec grant,
    List<Principal> requesters,
    List<Principal> approvers,
    int approvalsRequired,
    DurationLimits duration,
    JustificationRule justification,
    Duration approvalTimeout,
    boolean signInRequired,
    List<NotifyTarget> alsoNotify,
    AttentionRule attention,
    ExtensionRule extensions,
    Duration scheduleAhead) {

  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);

  public Entitlement {
    Objects.requireNonNull(id, "id");
    description = description == null ? "" : description;
    Objects.requireNonNull(grant, "grant");
    requesters = List.copyOf(requesters);
    approvers = List.copyOf(approvers);
    if (approvalsRequired < 0) {
      throw new IllegalArgumentException("approvals must be 0 or more");
    }
    Objects.requireNonNull(duration, "duration");
    justification = justification == null ? JustificationRule.NONE : justification;
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      throw new IllegalArgumentException("the approval timeout must be positive");
    }
    alsoNotify = alsoNotify == null ? List.of() : List.copyOf(alsoNotify);
    attention = attention == null ? AttentionRule.NONE : attention;
    extensions = extensions == null ? ExtensionRule.NONE : extensions;
    scheduleAhead = scheduleAhead == null ? Duration.ZERO : scheduleAhead;
    if (scheduleAhead.isNegative()) {
      throw new IllegalArgumentException("scheduleAhead must not be negative");
    }
  }

  /** An entitlement without reminders, escalation, break-glass, extensions or scheduling ahead. */
  public Entitlement(
      EntitlementId id,
      String description,
      GrantSpec grant,
      List<Principal> requesters,
      List<Principal> approvers,
      int approvalsRequired,
      DurationLimits duration,
      JustificationRule justification,
      Duration approvalTimeout,
      boolean signInRequired,
      List<NotifyTarget> alsoNotify) {
    this(
        id,
        description,
        grant,
        requesters,
        approvers,
        approvalsRequired,
        duration,
        justification,
        approvalTimeout,
        signInRequired,
        alsoNotify,
        AttentionRule.NONE,
        ExtensionRule.NONE,
        Duration.ZERO);
  }

  /** How many approvals an extension of this entitlement needs. */
  public int extensionApprovals() {
    return extensions.approvalRequired() ? approvalsRequired : 0;
  }

  public Cloud cloud() {
    return grant.kind().cloud();
  }
}
