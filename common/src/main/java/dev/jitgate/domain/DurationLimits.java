package dev.jitgate.domain;

import java.time.Duration;
import java.util.Objects;

/** How long access may be asked for: a default, and the bounds a request must stay within. */
public record DurationLimits(Duration defaultDuration, Duration min, Duration max) {
  public DurationLimits {
    Objects.requireNonNull(defaultDuration, "default duration");
    Objects.requireNonNull(min, "minimum duration");
    Objects.requireNonNull(max, "maximum duration");
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("the minimum duration must be positive");
    }
    if (min.compareTo(defaultDuration) > 0 || defaultDuration.compareTo(max) > 0) {
      throw new IllegalArgumentException("durations must satisfy min <= default <= max");
    }
  }

  public boolean allows(Duration duration) {
    return duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0;
  }
}
