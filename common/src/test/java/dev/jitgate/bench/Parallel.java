package dev.jitgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one action per item, or per chunk of items, on a few threads; the first failure is thrown.
 */
public final class Parallel {
  private Parallel() {}

  public static <T> void forEach(List<T> items, int threads, Consumer<T> action) throws Exception {
    chunks(items, 1, threads, chunk -> action.accept(chunk.get(0)));
  }

  /** {@code action} on chunks of at most {@code size} items, from {@code threads} threads. */
  public static <T> void chunks(List<T> items, int size, int threads, Consumer<List<T>> action)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < items.size(); i += size) {
        List<T> chunk = items.subList(i, Math.min(items.size(), i + size));
        running.add(pool.submit(() -> action.accept(chunk)));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
