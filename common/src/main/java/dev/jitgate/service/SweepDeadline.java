package dev.jitgate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a sweep stops taking new items: its time budget less a reserve for the items already taken.
 * The reserve is the configured one, or half the budget when that is less, so that a sweep started
 * with little time left still works on something.
 */
record SweepDeadline(Clock clock, Instant stopTakingAt) {

  static SweepDeadline of(Clock clock, Duration budget, Duration reserve) {
    Duration half = budget.dividedBy(2);
    Duration kept = reserve.compareTo(half) < 0 ? reserve : half;
    return new SweepDeadline(clock, clock.instant().plus(budget.minus(kept)));
  }

  /** Whether the time to take new items has run out. */
  boolean passed() {
    return !clock.instant().isBefore(stopTakingAt);
  }
}
