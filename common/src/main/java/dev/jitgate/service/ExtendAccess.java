package dev.jitgate.service;

import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestId;
import java.time.Duration;
import java.util.Objects;

/** Ask for {@code duration} more on an ACTIVE request, with a reason. */
public record ExtendAccess(RequestId request, Duration duration, String justification) {
  public ExtendAccess {
    Objects.requireNonNull(request, "request");
    if (duration == null) {
      throw new InvalidRequestException("duration is required, such as PT30M");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidRequestException("duration must be positive, such as PT30M");
    }
    justification = Text.check("justification", justification, false);
  }

  /** Refuses a justification the entitlement's rule does not accept, as a new request would. */
  void requireJustified(Entitlement entitlement) {
    if (!entitlement.justification().accepts(justification)) {
      throw new InvalidRequestException(
          "the justification does not meet "
              + entitlement.id()
              + "'s rule"
              + entitlement.justification().hint().map(h -> ": " + h).orElse(""));
    }
  }
}
