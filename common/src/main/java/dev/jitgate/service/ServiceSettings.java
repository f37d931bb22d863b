package dev.jitgate.service;

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

  /** The delay before retry number {@code attempt} (1-based): doubling, capped at the maximum. */
  public Duration retryDelay(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 20);
    Duration delay = retryBase.multipliedBy(1L << doublings);
    return delay.compareTo(retryMax) > 0 ? retryMax : delay;
  }
}
