package dev.jitgate.azure.provider;

import com.azure.core.exception.HttpResponseException;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.RetryBudget;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One provider operation's ARM calls on a shared {@link RetryBudget}: throttling, server errors,
 * network failures and the codes a caller names are tried again within it, waiting at least as long
 * as ARM's {@code Retry-After} asks; a denial becomes a {@link ProviderException} naming the
 * missing permission and the scope; every other failure one naming the operation and what ARM said.
 */
final class AzureAttempts {
  private final String operation;
  private final String scope;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Instant started;
  private final RetryBudget budget;
  private Duration atLeast = Duration.ZERO;
  private Duration slept = Duration.ZERO;

  /**
   * @param operation what is being done, such as "granting role ... at ... to alice@example.com"
   * @param scope the ARM scope the calls act on, named when a permission is missing
   */
  AzureAttempts(String operation, String scope, Backoff backoff, Sleeper sleeper, Clock clock) {
    this.operation = operation;
    this.scope = scope;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.clock = clock;
    this.started = clock.instant();
    this.budget = new RetryBudget(operation, backoff, this::sleep, clock, ProviderException::new);
  }

  String operation() {
    return operation;
  }

  /**
   * Runs one ARM call that needs {@code permission} at the scope.
   *
   * @param retried errors worth another try besides throttling, 5xx and network failures, such as
   *     PIM's {@code SubjectNotFound} while the directory replicates
   * @param expected errors thrown back as they are, for the caller to handle, such as {@code
   *     RoleAssignmentExists}; they are checked before anything else
   */
  <T> T call(
      String permission,
      Supplier<T> call,
      Predicate<HttpResponseException> retried,
      Predicate<HttpResponseException> expected) {
    while (true) {
      try {
        return call.get();
      } catch (HttpResponseException e) {
        if (e.getResponse() == null) {
          throw failed(e); // no answer from ARM: the credential failed to get a token
        }
        if (expected.test(e)) {
          throw e;
        }
        if (AzureErrors.denied(e)) {
          throw denied(permission, e);
        }
        if (retried.test(e) || AzureErrors.transientStatus(e)) {
          pause(permission + ": " + AzureErrors.describe(e), AzureErrors.retryAfter(e, clock));
          continue;
        }
        throw failed(e);
      } catch (RuntimeException e) {
        if (!AzureErrors.networkFailure(e)) {
          throw failed(e);
        }
        pause(permission + ": " + AzureErrors.describe(e), Optional.empty());
      }
    }
  }

  /**
   * Waits before the next try, at least {@code retryAfter} when ARM asked for it, or gives up when
   * that wait would pass the budget: its count of waits or its total time.
   */
  void pause(String reason, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration elapsed = Duration.between(started, clock.instant());
      if (slept.compareTo(elapsed) > 0) {
        elapsed = slept; // a test sleeper need not move the clock
      }
      Duration left = backoff.maxTotalWait().minus(elapsed);
      if (retryAfter.get().compareTo(left) > 0) {
        throw new ProviderException(
            "gave up "
                + operation
                + ": Azure asked to wait "
                + retryAfter.get().toMillis()
                + " ms before trying again (Retry-After), more than the "
                + Math.max(left.toMillis(), 0)
                + " ms left of this operation's retry budget; last: "
                + reason);
      }
      atLeast = retryAfter.get();
    }
    try {
      budget.pause(reason);
    } finally {
      atLeast = Duration.ZERO;
    }
  }

  private void sleep(Duration delay) throws InterruptedException {
    Duration wait = delay.compareTo(atLeast) < 0 ? atLeast : delay;
    sleeper.sleep(wait);
    slept = slept.plus(wait);
  }

  /**
   * The error for a refused call, naming the permission jitgate's identity lacks and the scope.
   * ARM's own message names the identity's object id, which an operator needs to fix it.
   */
  private ProviderException denied(String permission, HttpResponseException e) {
    return new ProviderException(
        "Azure denied jitgate "
            + permission
            + " at scope "
            + scope
            + " while "
            + operation
            + "; give jitgate's identity a role with that permission at the scope (such as User"
            + " Access Administrator): "
            + AzureErrors.describe(e),
        e);
  }

  private ProviderException failed(RuntimeException e) {
    return new ProviderException(operation + " failed: " + AzureErrors.describe(e), e);
  }
}
