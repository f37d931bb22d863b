package dev.jitgate.domain;

import java.time.Instant;
import java.util.Objects;

/** An approver's no, with the reason they gave. */
public record Denial(UserId by, Instant at, String reason) {
  public Denial {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
