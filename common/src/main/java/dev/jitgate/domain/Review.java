package dev.jitgate.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** An approver's closing review of a break-glass activation: confirmed or flagged, and why. */
public record Review(Outcome outcome, UserId by, Instant at, String comment) {

  /** What the reviewer concluded. */
  public enum Outcome {
    CONFIRMED,
    FLAGGED;

    /** The API's spelling, such as {@code confirmed}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Review {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    comment = comment == null ? "" : comment;
  }
}
