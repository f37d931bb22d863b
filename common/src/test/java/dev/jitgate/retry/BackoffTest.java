package dev.jitgate.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delay_doublesUpToTheMaximum() {
    Backoff backoff = Backoff.exact(Duration.ofMillis(100), Duration.ofMillis(500), 10);

    assertThat(backoff.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.delay(4, () -> 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(60, () -> 0.5)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void delay_withJitter_takesOffAtMostThatFraction() {
    Backoff backoff =
        new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(4), 5, Duration.ofSeconds(20), 0.2);

    assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.delay(1, () -> 0.999)).isEqualTo(Duration.ofMillis(801));
  }

  @Test
  void backoff_refusesUnboundedOrNonsenseSettings() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3, Duration.ofSeconds(5), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Backoff(
                    Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofSeconds(5), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Backoff(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofSeconds(5), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
