package dev.jitgate.azure.provider;

import dev.jitgate.retry.Sleeper;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records each delay and moves the test clock by it, returning at once. */
final class RecordingSleeper implements Sleeper {
  private final MutableClock clock;
  private final List<Duration> delays = new ArrayList<>();

  RecordingSleeper(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleep(Duration delay) {
    delays.add(delay);
    clock.advance(delay);
  }

  synchronized List<Long> millis() {
    return delays.stream().map(Duration::toMillis).toList();
  }
}
