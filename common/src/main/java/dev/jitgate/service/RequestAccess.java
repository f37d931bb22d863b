package dev.jitgate.service;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Ask for an entitlement, for a duration (the entitlement's default when empty), with a reason;
 * with {@code breakGlass}, activate at once without approval where the entitlement allows it; with
 * {@code startAt}, for a window that starts then rather than at approval.
 */
public record RequestAccess(
    EntitlementId entitlement,
    Optional<Duration> duration,
    String justification,
    boolean breakGlass,
    Optional<Instant> startAt) {
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
    if (breakGlass && startAt.isPresent()) {
      throw new InvalidRequestException(
          "break-glass access starts at once: leave out startAt, or ask without breakGlass");
    }
  }

  /** An ordinary request, which waits for approval. */
  public RequestAccess(
      EntitlementId entitlement, Optional<Duration> duration, String justification) {
    this(entitlement, duration, justification, false, Optional.empty());
  }
}
