package dev.jitgate.aws.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptsTest {
  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  final List<Duration> slept = new ArrayList<>();
  final Sleeper clockSleeper =
      delay -> {
        slept.add(delay);
        clock.advance(delay);
      };

  @Test
  void pause_givesUpBeforeTheTotalWaitWouldPassItsBound_namingOperationAndReason() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 100, Duration.ofMillis(100), 0);
    Attempts attempts = new Attempts("granting something", backoff, clockSleeper, clock);

    attempts.pause("busy");
    attempts.pause("busy");
    attempts.pause("busy");

    assertThatThrownBy(() -> attempts.pause("still busy"))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "gave up granting something after 3 retries and polls over 70 ms; last: still busy");
    assertThat(slept)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
  }

  @Test
  void pause_countsTimeSpentInCallsToo() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 100, Duration.ofSeconds(1), 0);
    Attempts attempts = new Attempts("revoking something", backoff, clockSleeper, clock);

    clock.advance(Duration.ofMillis(995)); // a slow cloud call

    assertThatThrownBy(() -> attempts.pause("slow"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("after 0 retries and polls over 995 ms");
    assertThat(slept).isEmpty();
  }

  @Test
  void pause_whenInterrupted_stopsAndKeepsTheInterrupt() {
    Attempts attempts =
        new Attempts(
            "granting something",
            Backoff.DEFAULTS,
            delay -> {
              throw new InterruptedException();
            },
            clock);

    assertThatThrownBy(() -> attempts.pause("busy"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("interrupted granting something");
    assertThat(Thread.interrupted()).isTrue();
  }
}
