package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Works on one page of due items of one grant kind, at most {@code concurrency} at once. Items that
 * share a grant key (one cloud artifact, reference-counted) are worked on one after the other, so
 * that two ends of one shared artifact never decide about it at the same moment. No item is taken
 * once the deadline has passed; those are counted as left for the next sweep.
 */
final class SweepWork {
  private final ExecutorService pool;
  private final int concurrency;
  private final SweepDeadline deadline;

  SweepWork(ExecutorService pool, int concurrency, SweepDeadline deadline) {
    this.pool = pool;
    this.concurrency = concurrency;
    this.deadline = deadline;
  }

  SweepReport run(List<AccessRequest> items, Function<AccessRequest, SweepReport> work) {
    List<List<AccessRequest>> groups = byGrantKey(items);
    if (concurrency == 1 || groups.size() == 1) {
      SweepReport report = SweepReport.NOTHING;
      for (List<AccessRequest> group : groups) {
        report = report.plus(inTurn(group, work));
      }
      return report;
    }
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<SweepReport>> running = new ArrayList<>();
    SweepReport report = SweepReport.NOTHING;
    for (int i = 0; i < groups.size(); i++) {
      List<AccessRequest> group = groups.get(i);
      if (!slots.tryAcquire() && !waitForSlot(slots)) {
        report = report.plus(SweepReport.leftFor(countFrom(groups, i)));
        break;
      }
      running.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return inTurn(group, work);
                } finally {
                  slots.release();
                }
              },
              pool));
    }
    for (CompletableFuture<SweepReport> done : running) {
      report = report.plus(joined(done));
    }
    return report;
  }

  /** The items of one group, one after the other; those reached after the deadline are left. */
  private SweepReport inTurn(List<AccessRequest> group, Function<AccessRequest, SweepReport> work) {
    SweepReport report = SweepReport.NOTHING;
    for (int i = 0; i < group.size(); i++) {
      if (deadline.passed()) {
        return report.plus(SweepReport.leftFor(group.size() - i));
      }
      report = report.plus(work.apply(group.get(i)));
    }
    return report;
  }

  private static boolean waitForSlot(Semaphore slots) {
    try {
      slots.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The outcome of a group; an Error (a dying process, in tests) passes through as it is. */
  static SweepReport joined(CompletableFuture<SweepReport> done) {
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private static int countFrom(List<List<AccessRequest>> groups, int first) {
    int count = 0;
    for (int i = first; i < groups.size(); i++) {
      count += groups.get(i).size();
    }
    return count;
  }

  /** The items by grant key, keys in the order of their first item, earliest due first. */
  private static List<List<AccessRequest>> byGrantKey(List<AccessRequest> items) {
    Map<GrantKey, List<AccessRequest>> groups = new LinkedHashMap<>();
    for (AccessRequest item : items) {
      groups.computeIfAbsent(item.grantKey(), k -> new ArrayList<>()).add(item);
    }
    return new ArrayList<>(groups.values());
  }
}
