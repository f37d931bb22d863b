package dev.jitgate.aws.provider;

import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.RetryBudget;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One provider operation's AWS calls on a shared {@link RetryBudget}: transient AWS failures are
 * retried within it, and every other failure becomes a {@link ProviderException} that names the IAM
 * action.
 */
final class Attempts {
  private final RetryBudget budget;

  Attempts(String operation, Backoff backoff, Sleeper sleeper, Clock clock) {
    this.budget = new RetryBudget(operation, backoff, sleeper, clock, ProviderException::new);
  }

  /** What is being done, such as "granting ... for alice@example.com". */
  String operation() {
    return budget.operation();
  }

  /** How many waits this operation has made so far. */
  int waits() {
    return budget.waits();
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

  /** Waits before the next try, or gives up when the budget is spent ({@link RetryBudget}). */
  void pause(String reason) {
    budget.pause(reason);
  }
}
