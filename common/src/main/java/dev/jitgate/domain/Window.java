package dev.jitgate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The access window: access starts at {@code start} and ends at {@code end}. */
public record Window(Instant start, Instant end) {
  public Window {
    Objects.requireNonNull(start, "window start");
    Objects.requireNonNull(end, "window end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a window ends after it starts");
    }
  }

  public static Window of(Instant start, Duration length) {
    return new Window(start, start.plus(length));
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** The time left in the window at {@code now}, never negative. */
  public Duration remaining(Instant now) {
    return now.isBefore(end) ? Duration.between(now, end) : Duration.ZERO;
  }
}
