package dev.jitgate.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Bounded exponential backoff with jitter, for retrying and polling within one operation (a grant,
 * a revoke, a store read) and for the sweep's activation retries: delays double from {@code
 * firstDelay} up to {@code maxDelay}, less a random part of at most {@code jitter} (0 to 1) of each
 * delay; the call gives up after {@code maxWaits} waits, or before its elapsed time would pass
 * {@code maxTotalWait}.
 */
public record Backoff(
    Duration firstDelay, Duration maxDelay, int maxWaits, Duration maxTotalWait, double jitter) {

  /**
   * Fits one call inside a Lambda invocation: 250 ms doubling to 4 s, at most 12 waits and 25 s in
   * all, with 20% jitter so that racing callers spread out.
   */
  public static final Backoff DEFAULTS =
      new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4), 12, Duration.ofSeconds(25), 0.2);

  public Backoff {
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxTotalWait, "maxTotalWait");
    if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < firstDelay <= maxDelay");
    }
    if (maxWaits < 0 || maxTotalWait.isNegative()) {
      throw new IllegalArgumentException("backoff needs maxWaits >= 0 and maxTotalWait >= 0");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff jitter is a fraction from 0 to 1");
    }
  }

  /** The same bounds without jitter, so that every delay is exact. */
  public static Backoff exact(Duration firstDelay, Duration maxDelay, int maxWaits) {
    return new Backoff(firstDelay, maxDelay, maxWaits, maxDelay.multipliedBy(maxWaits), 0);
  }

  /** The delay before wait number {@code wait} (1-based), with random jitter. */
  public Duration delay(int wait) {
    return delay(wait, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before wait number {@code wait} (1-based); {@code random} yields [0, 1). */
  public Duration delay(int wait, DoubleSupplier random) {
    int doublings = Math.min(Math.max(wait - 1, 0), 30);
    Duration full = firstDelay.multipliedBy(1L << doublings);
    if (full.compareTo(maxDelay) > 0) {
      full = maxDelay;
    }
    if (jitter == 0) {
      return full;
    }
    long millis = full.toMillis();
    return Duration.ofMillis(millis - (long) (millis * jitter * random.getAsDouble()));
  }
}
