package dev.jitgate.aws.provider;

import dev.jitgate.port.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The retry budget of one provider operation (a grant, a revoke, an issue): every wait, whether to
 * retry a throttled call or to poll an asynchronous status again, draws on it, and when it is spent
 * the operation ends with a {@link ProviderException} that names the operation and the last error.
 */
final class Attempts {
  private final String operation;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Instant started;
  private int waits;
  private Duration waited = Duration.ZERO;

  Attempts(String operation, Backoff backoff, Sleeper sleeper, Clock clock) {
    this.operation = operation;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** What is being done, such as "granting ... for alice@example.com". */
  String operation() {
    return operation;
  }

  /** How many waits this operation has made so far. */
  int waits() {
    return waits;
  }

  /**
   * Runs one AWS call for IAM action {@code action}, retrying transient failures within the budget.
   * A denial becomes a {@link ProviderException} naming {@code action}, as does any other error,
   * except those {@code expected} lets through for the caller to handle.
   */
  <T> T call(String action, Supplier<T> call, Predicate<SdkException> expected) {
    while (true) {
      try {
        return call.get();
      } catch (SdkException e) {
        if (expected.test(e)) {
          throw e;
        }
        if (AwsErrors.accessDenied(e)) {
          throw AwsErrors.denied(action, e);
        }
        if (!AwsErrors.transientFailure(e)) {
          throw AwsErrors.failed(action, e);
        }
        pause(action + ": " + AwsErrors.describe(e));
      }
    }
  }

  <T> T call(String action, Supplier<T> call) {
    return call(action, call, e -> false);
  }

  /**
   * Waits before the next try, or gives up when that wait would pass the budget's count or total
   * time. {@code reason} says why another try is needed and ends up in the error when giving up.
   */
  void pause(String reason) {
    Duration delay = backoff.delay(waits + 1, () -> ThreadLocalRandom.current().nextDouble());
    Duration elapsed = Duration.between(started, clock.instant());
    if (waited.compareTo(elapsed) > 0) {
      elapsed = waited; // a test sleeper does not move the clock
    }
    if (waits >= backoff.maxWaits() || elapsed.plus(delay).compareTo(backoff.maxTotalWait()) > 0) {
      throw new ProviderException(
          "gave up "
              + operation
              + " after "
              + waits
              + " retries and polls over "
              + elapsed.toMillis()
              + " ms; last: "
              + reason);
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted " + operation + "; last: " + reason, e);
    }
    waits++;
    waited = waited.plus(delay);
  }
}
