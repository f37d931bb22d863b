package dev.jitgate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs racers on their own threads: each prepares (say, reads the current version), and only when
 * all have prepared are they released together to act, so that their writes truly collide.
 */
public final class Race {
  private static final long TIMEOUT_SECONDS = 30;

  private Race() {}

  /** One racer: prepares on its thread and returns what it does once released. */
  @FunctionalInterface
  public interface Racer<T> {
    Callable<T> prepare(int index) throws Exception;
  }

  /** The racers' results, in racer order; fails if any racer fails or the race takes 30 s. */
  public static <T> List<T> run(int racers, Racer<T> racer) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch prepared = new CountDownLatch(racers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> outcomes = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        int index = i;
        outcomes.add(
            threads.submit(
                () -> {
                  Callable<T> act;
                  try {
                    act = racer.prepare(index);
                  } finally {
                    prepared.countDown();
                  }
                  go.await();
                  return act.call();
                }));
      }
      if (!prepared.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the racers did not all prepare in time");
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> outcome : outcomes) {
        results.add(outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }
}
