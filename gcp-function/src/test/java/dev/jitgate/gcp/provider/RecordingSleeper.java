package dev.jitgate.gcp.provider;

import dev.jitgate.retry.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records each delay and returns at once. */
final class RecordingSleeper implements Sleeper {
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized void sleep(Duration delay) {
    delays.add(delay);
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }
}
