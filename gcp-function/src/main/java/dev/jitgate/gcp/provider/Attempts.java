package dev.jitgate.gcp.provider;

import com.google.api.gax.rpc.ApiException;
import dev.jitgate.gcp.provider.GcpErrors.Permission;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.RetryBudget;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One provider operation's Google calls on a shared {@link RetryBudget}: transient failures and
 * etag conflicts are retried within it, and every other failure becomes a {@link ProviderException}
 * that names the IAM permission.
 */
final class Attempts {
  private final RetryBudget budget;

  Attempts(String operation, Backoff backoff, Sleeper sleeper, Clock clock) {
    this.budget = new RetryBudget(operation, backoff, sleeper, clock, ProviderException::new);
  }

  /** How many waits this operation has made so far. */
  int waits() {
    return budget.waits();
  }

  /**
   * Runs one call that needs {@code permission}, retrying transient failures within the budget. A
   * denial becomes a {@link ProviderException} naming the permission, as does any other error,
   * except those {@code expected} lets through for the caller to handle.
   */
  <T> T call(Permission permission, Supplier<T> call, Predicate<ApiException> expected) {
    while (true) {
      try {
        return call.get();
      } catch (ApiException e) {
        if (expected.test(e)) {
          throw e;
        }
        if (GcpErrors.isDenied(e)) {
          throw GcpErrors.denied(permission, e);
        }
        if (!GcpErrors.isTransient(e)) {
          throw GcpErrors.failed(permission, e);
        }
        pause(permission.method() + " on " + permission.resource() + ": " + GcpErrors.describe(e));
      }
    }
  }

  /** Waits before the next try, or gives up when the budget is spent ({@link RetryBudget}). */
  void pause(String reason) {
    budget.pause(reason);
  }
}
