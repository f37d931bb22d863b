package dev.jitgate.domain;

import java.time.Instant;
import java.util.Objects;

/** One approver's yes, with an optional comment. */
public record Approval(UserId approver, Instant at, String comment) {
  public Approval {
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(at, "at");
  }
}
