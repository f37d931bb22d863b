package dev.jitgate.service;

import dev.jitgate.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for the service: how the sweep pages through due items, how many it works on at once, how
 * long it may run, how failed cloud calls back off, and how long the approving call has to activate
 * a request before the sweep takes it over.
 *
 * @param sweepConcurrency due items of one grant kind worked on at once; each kind has its own
 * @param sweepTimeout how long one sweep may run: the function's timeout where the platform does
 *     not say how much time is left
 * @param sweepReserve the time kept back at the end of a sweep for the items already taken: no new
 *     item is taken once less than this (or half the sweep's time, when that is less) remains
 */
public record ServiceSettings(
    int sweepBatchSize,
    int sweepMaxBatches,
    Duration retryBase,
    Duration retryMax,
    Duration activationGrace,
    int sweepConcurrency,
    Duration sweepTimeout,
    Duration sweepReserve) {

  /** The most items of one kind a sweep works on at once. */
  public static final int MAX_SWEEP_CONCURRENCY = 64;

  public static final int DEFAULT_SWEEP_CONCURRENCY = 4;
  public static final Duration DEFAULT_SWEEP_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_SWEEP_RESERVE = Duration.ofSeconds(10);

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
    Objects.requireNonNull(sweepTimeout, "sweepTimeout");
    Objects.requireNonNull(sweepReserve, "sweepReserve");
    if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("retries need 0 < retryBase <= retryMax");
    }
    if (sweepConcurrency < 1 || sweepConcurrency > MAX_SWEEP_CONCURRENCY) {
      throw new IllegalArgumentException(
          "the sweep works on 1 to "
              + MAX_SWEEP_CONCURRENCY
              + " items of a kind at once, not "
              + sweepConcurrency);
    }
    if (sweepReserve.isNegative() || sweepTimeout.compareTo(sweepReserve) <= 0) {
      throw new IllegalArgumentException(
          "the sweep's timeout must be longer than its reserve, which cannot be negative");
    }
  }

  /** The default sweep's concurrency, timeout and reserve. */
  public ServiceSettings(
      int sweepBatchSize,
      int sweepMaxBatches,
      Duration retryBase,
      Duration retryMax,
      Duration activationGrace) {
    this(
        sweepBatchSize,
        sweepMaxBatches,
        retryBase,
        retryMax,
        activationGrace,
        DEFAULT_SWEEP_CONCURRENCY,
        DEFAULT_SWEEP_TIMEOUT,
        DEFAULT_SWEEP_RESERVE);
  }

  /** These settings with the sweep's concurrency, timeout and reserve replaced. */
  public ServiceSettings withSweep(int concurrency, Duration timeout, Duration reserve) {
    return new ServiceSettings(
        sweepBatchSize,
        sweepMaxBatches,
        retryBase,
        retryMax,
        activationGrace,
        concurrency,
        timeout,
        reserve);
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
