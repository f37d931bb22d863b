package dev.jitgate.service;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Ask for an entitlement, for a duration (the entitlement's default when empty), with a reason. */
public record RequestAccess(
    EntitlementId entitlement,
    Optional<Duration> duration,
    String justification,
    Optional<Instant> startAt) {

  /** A request whose window starts when it is approved. */
  public RequestAccess(
      EntitlementId entitlement, Optional<Duration> duration, String justification) {
    this(entitlement, duration, justification, Optional.empty());
  }

  public RequestAccess {
    startAt = startAt == null ? Optional.empty() : startAt;
    Objects.requireNonNull(entitlement, "entitlement");
    duration = duration == null ? Optional.empty() : duration;
    duration.ifPresent(
        d -> {
          if (d.isNegative() || d.isZero()) {
            throw new InvalidRequestException("duration must be positive, such as PT1H");
          }
        });
    justification = Text.check("justification", justification, false);
  }
}
