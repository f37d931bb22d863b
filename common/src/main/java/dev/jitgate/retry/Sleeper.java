package dev.jitgate.retry;

import java.time.Duration;

/** Waits between retries and status polls; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = delay -> Thread.sleep(delay.toMillis());

  void sleep(Duration delay) throws InterruptedException;
}
