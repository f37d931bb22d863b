package dev.jitgate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An extension asked for on an ACTIVE request: {@code by} more time. While it is pending the
 * current access keeps running. {@code newEnd} is null until enough approvals arrive; once set it
 * is the durable intent to move the cloud's expiry there, stored before the cloud call.
 */
public record Extension(
    Duration by,
    String justification,
    Instant requestedAt,
    int approvalsRequired,
    List<Approval> approvals,
    Instant newEnd) {

  public Extension {
    Objects.requireNonNull(by, "extension duration");
    if (by.isNegative() || by.isZero()) {
      throw new IllegalArgumentException("an extension must add time");
    }
    justification = justification == null ? "" : justification;
    Objects.requireNonNull(requestedAt, "extension requestedAt");
    if (approvalsRequired < 0) {
      throw new IllegalArgumentException("extension approvals must be 0 or more");
    }
    approvals = List.copyOf(approvals);
  }

  /** Whether enough approvals arrived, so the new end is fixed and only the cloud is left. */
  public boolean approved() {
    return newEnd != null;
  }

  public boolean approvedBy(UserId approver) {
    return approvals.stream().anyMatch(a -> a.approver().equals(approver));
  }
}
