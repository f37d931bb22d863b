package dev.jitgate.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * What a request carries for attention (issue 14), fixed when it is submitted: the moments its
 * approvers are reminded and it is escalated, and whether each has happened; and, for break-glass,
 * the review that approvers must close. The sweep finds these moments through the due index: a
 * PENDING request is due at the earliest of its reminder, its escalation and its deadline.
 *
 * @param remindAt when approvers get their one reminder; null for none
 * @param remindedAt when the reminder was recorded, null until then; for break-glass, when the
 *     latest reminder of the open review was
 * @param escalateAt when the request is escalated; null for none
 * @param escalatedAt when the escalation was recorded; null until then
 * @param breakGlass whether the requester activated it without approval
 * @param review the closing review of a break-glass activation; null while open (or not
 *     break-glass)
 */
public record Attention(
    Instant remindAt,
    Instant remindedAt,
    Instant escalateAt,
    Instant escalatedAt,
    boolean breakGlass,
    Review review) {

  /** Nothing to remind, escalate or review: requests stored before issue 14. */
  public static final Attention NONE = new Attention(null, null, null, null, false, null);

  public Attention {
    if (review != null && !breakGlass) {
      throw new IllegalArgumentException("only a break-glass request has a review");
    }
  }

  /** Whether a reminder is still to be sent at or before {@code now}. */
  public boolean reminderDue(Instant now) {
    return remindAt != null && remindedAt == null && !remindAt.isAfter(now);
  }

  /** Whether the escalation is still to happen at or before {@code now}. */
  public boolean escalationDue(Instant now) {
    return escalateAt != null && escalatedAt == null && !escalateAt.isAfter(now);
  }

  public boolean escalated() {
    return escalatedAt != null;
  }

  /** Whether approvers still owe this break-glass activation its review. */
  public boolean reviewOpen() {
    return breakGlass && review == null;
  }

  /**
   * Whether approvers are owed a reminder of this break-glass review at {@code now}: it is open,
   * and {@code every} has passed since the last reminder, or since {@code since} (the activation)
   * when none was sent yet.
   */
  public boolean reviewReminderDue(Instant since, Duration every, Instant now) {
    Instant last = remindedAt != null ? remindedAt : since;
    return reviewOpen() && !last.plus(every).isAfter(now);
  }

  /**
   * When a PENDING request is next due: the earliest of its unsent reminder, its escalation still
   * to come, and {@code deadline}.
   */
  public Instant nextDue(Instant deadline) {
    Instant due = deadline;
    if (remindAt != null && remindedAt == null && remindAt.isBefore(due)) {
      due = remindAt;
    }
    if (escalateAt != null && escalatedAt == null && escalateAt.isBefore(due)) {
      due = escalateAt;
    }
    return due;
  }

  Attention reminded(Instant now) {
    return new Attention(remindAt, now, escalateAt, escalatedAt, breakGlass, review);
  }

  Attention escalated(Instant now) {
    return new Attention(remindAt, remindedAt, escalateAt, now, breakGlass, review);
  }

  Attention reviewed(Review closing) {
    return new Attention(remindAt, remindedAt, escalateAt, escalatedAt, breakGlass, closing);
  }
}
