package dev.jitgate.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The retry budget of one operation: every wait, whether to retry a throttled call or to poll an
 * asynchronous status again, draws on it, and when it is spent the operation ends with the error
 * the caller's adapter names, carrying the operation and the last reason.
 */
public final class RetryBudget {
  private final String operation;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;
  private final BiFunction<String, Throwable, RuntimeException> failure;
  private final Instant started;
  private int waits;
  private Duration waited = Duration.ZERO;

  /**
   * @param operation what is being done, such as "granting ... for alice@example.com"
   * @param failure builds the error to end with, from a message and the cause (null when the budget
   *     ran out, the {@link InterruptedException} when the thread was interrupted)
   */
  public RetryBudget(
      String operation,
      Backoff backoff,
      Sleeper sleeper,
      Clock clock,
      BiFunction<String, Throwable, RuntimeException> failure) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.failure = Objects.requireNonNull(failure, "failure");
    this.started = clock.instant();
  }

  public String operation() {
    return operation;
  }

  /** How many waits this operation has made so far. */
  public int waits() {
    return waits;
  }

  /**
   * Waits before the next try, or gives up when that wait would pass the budget's count or total
   * time. {@code reason} says why another try is needed and ends up in the error when giving up.
   */
  public void pause(String reason) {
    Duration delay = backoff.delay(waits + 1);
    Duration elapsed = Duration.between(started, clock.instant());
    if (waited.compareTo(elapsed) > 0) {
      elapsed = waited; // a test sleeper need not move the clock
    }
    if (waits >= backoff.maxWaits() || elapsed.plus(delay).compareTo(backoff.maxTotalWait()) > 0) {
      throw failure.apply(
          "gave up "
              + operation
              + " after "
              + waits
              + " retries and polls over "
              + elapsed.toMillis()
              + " ms; last: "
              + reason,
          null);
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure.apply("interrupted " + operation + "; last: " + reason, e);
    }
    waits++;
    waited = waited.plus(delay);
  }
}
