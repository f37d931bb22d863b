package dev.jitgate.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.store.StoreException;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  private final List<Duration> slept = new ArrayList<>();

  @Test
  void pause_givesUpAfterMaxWaits_withTheAdaptersErrorNamingOperationAndReason() {
    RetryBudget budget =
        new RetryBudget(
            "reading the due index",
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(20), 2),
            slept::add,
            clock,
            StoreException::new);

    budget.pause("throttled");
    budget.pause("throttled");
    Throwable thrown = catchThrowable(() -> budget.pause("still throttled"));

    assertThat(thrown)
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "gave up reading the due index after 2 retries and polls over 30 ms; last: still"
                + " throttled");
    assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    assertThat(budget.waits()).isEqualTo(2);
  }

  @Test
  void pause_givesUpBeforeTheElapsedTimeWouldPassTheTotal() {
    RetryBudget budget =
        new RetryBudget(
            "polling",
            new Backoff(
                Duration.ofMillis(10), Duration.ofMillis(80), 100, Duration.ofMillis(25), 0),
            delay -> clock.advance(delay),
            clock,
            StoreException::new);

    budget.pause("busy");
    Throwable thrown = catchThrowable(() -> budget.pause("busy"));

    assertThat(thrown).hasMessageStartingWith("gave up polling after 1 retries");
  }

  @Test
  void interruptedWait_endsTheOperationAndKeepsTheInterrupt() {
    RetryBudget budget =
        new RetryBudget(
            "granting",
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(10), 5),
            delay -> {
              throw new InterruptedException();
            },
            clock,
            StoreException::new);

    Throwable thrown = catchThrowable(() -> budget.pause("busy"));

    assertThat(thrown).hasMessage("interrupted granting; last: busy");
    assertThat(thrown.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue();
  }
}
