package dev.jitgate.service;

import dev.jitgate.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for the service: how the sweep pages through due items, how failed cloud calls back off,
 * and how long the approving call has to activate a request before the sweep takes it over.
 */
public record ServiceSettings(
    int sweepBatchSize,
    int sweepMaxBatches,
    Duration retryBase,
    Duration retryMax,
    Duration activationGrace) {

  public static final ServiceSettings DEFAULTS =
      new ServiceSettings(
          100, 20, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30));

  public ServiceSettings {
    if (sweepBatchSize < 1 || sweepMaxBatches < 1) {
      throw new IllegalArgumentException("sweep batches must hold at least one item");
    }
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(activationGrace, "activationGrace");
    if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retries need 0 < retryBase <= retryMax");
    }
  }

  /**
   * The delay before retry number {@code attempt} (1-based): doubling, capped at the maximum. The
   * number of retries is bounded by the request's window, not here, and the sweep's interval
   * already spreads them, so there is no jitter.
   */
  public Duration retryDelay(int attempt) {
    return Backoff.exact(retryBase, retryMax, Integer.MAX_VALUE).delay(attempt);
  }
}
