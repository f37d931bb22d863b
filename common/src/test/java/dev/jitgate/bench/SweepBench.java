package dev.jitgate.bench;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.ServiceSettings;
import dev.jitgate.service.SweepReport;
import dev.jitgate.store.TestRequests;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Times {@code sweep(now)} for 100 and 1,000 due requests among 1,000, 10,000 and 100,000 stored,
 * on one server, and checks after every sweep that exactly the due requests ended. Runs are
 * interleaved (every size and due count once per round), so that a change of load on the machine
 * hits all of them alike. A store of 1,000 is made afresh for every run; one of 10,000 for every
 * round (it first holds 9,000, then also the due requests of that round's runs); the one of 100,000
 * once (99,000, then also every run's due requests, ended ones included, up to 104,500). Each
 * result row gives the numbers actually stored when the sweeps ran. At 1,000 stored and 1,000 due
 * it also runs with a concurrency of 1 and 16 besides the default, to show what the bound buys on
 * this machine.
 *
 * <p>The stored requests that are not due are half ACTIVE with a window that ends later (in the due
 * index, not yet due) and half EXPIRED (out of it). The due ones are ACTIVE with their window
 * ended, each for another requester, so that every one is a revoke and a conditional write.
 */
public final class SweepBench {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final int[] DUE = {100, 1000};

  private SweepBench() {}

  /**
   * Runs the benchmark on {@code stores}: {@code --quick} for 1,000 and 10,000 stored, 3 rounds.
   */
  public static void main(BenchStores stores, String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int[] sizes = quick ? new int[] {1000, 10000} : new int[] {1000, 10000, 100000};
    int rounds = quick ? 3 : 5;
    PrintStream out = System.out;
    try (stores) {
      out.println("# sweep benchmark on " + stores.name() + (quick ? " (quick)" : ""));
      out.println("# " + Stats.environment());
      int failures = run(stores, sizes, rounds, out);
      if (failures > 0) {
        out.println("# " + failures + " sweeps did not end exactly the due requests");
        System.exit(1);
      }
    }
    System.exit(0);
  }

  static int run(BenchStores stores, int[] sizes, int rounds, PrintStream out) throws Exception {
    Map<String, long[]> times = new TreeMap<>();
    Map<String, long[]> stored = new TreeMap<>();
    Map<Integer, RequestStore> kept = new TreeMap<>();
    Map<Integer, Integer> held = new TreeMap<>();
    int failures = 0;
    int serial = 0;
    for (int round = 0; round < rounds; round++) {
      for (int size : sizes) {
        // 1,000: a store per run. 10,000: a store per round. 100,000: one store. Each first holds
        // the size less 1,000, and then also the due requests of the runs made on it.
        if (size > 1000 && (size <= 10000 || !kept.containsKey(size))) {
          long t0 = System.nanoTime();
          RequestStore store = stores.fresh("s" + size + "r" + round);
          seedBackground(stores, store, size - 1000, serial++);
          note(out, "seeded " + Stats.count(size - 1000), t0);
          closeIfFresh(kept.put(size, store));
          held.put(size, size - 1000);
        }
        for (int due : DUE) {
          for (int concurrency : concurrencies(size, due)) {
            RequestStore store = kept.get(size);
            if (size <= 1000) {
              store = stores.fresh("s" + size + "r" + round + "d" + due + "c" + concurrency);
              seedBackground(stores, store, size - due, serial++);
              held.put(size, size - due);
            }
            List<AccessRequest> dueNow = dueRequests(due, serial++);
            stores.seed(store, dueNow);
            held.merge(size, due, Integer::sum);
            ServiceSettings settings =
                ServiceSettings.DEFAULTS.withSweep(
                    concurrency,
                    ServiceSettings.DEFAULT_SWEEP_TIMEOUT,
                    ServiceSettings.DEFAULT_SWEEP_RESERVE);
            AccessService service =
                BenchService.over(
                    store,
                    List.of(new BenchService.InstantProvider(GrantKind.GCP_IAM_BINDING)),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    settings);
            long t0 = System.nanoTime();
            SweepReport report = service.sweep(NOW);
            long elapsed = System.nanoTime() - t0;
            if (!endedExactly(store, dueNow, report)) {
              failures++;
              out.printf(
                  "# CHECK FAILED: %s, %d stored, %d due: %s%n", stores.name(), size, due, report);
            }
            String key = key(size, due, concurrency);
            times.computeIfAbsent(key, k -> new long[rounds])[round] = elapsed;
            stored.computeIfAbsent(key, k -> new long[rounds])[round] = held.get(size);
            if (size <= 1000) {
              closeIfFresh(store);
            }
          }
        }
        System.err.printf("round %d, %,d stored: done%n", round + 1, size);
      }
    }
    kept.values().forEach(SweepBench::closeIfFresh);
    print(stores.name(), sizes, times, stored, out);
    return failures;
  }

  /** The default concurrency everywhere; at 1,000 stored and 1,000 due also 1 and 16. */
  private static int[] concurrencies(int size, int due) {
    int standard = ServiceSettings.DEFAULT_SWEEP_CONCURRENCY;
    return size == 1000 && due == 1000 ? new int[] {standard, 1, 16} : new int[] {standard};
  }

  static String key(int size, int due, int concurrency) {
    return size + "/" + due + "/" + concurrency;
  }

  private static void note(PrintStream out, String what, long startedNanos) {
    out.printf("# %s requests in %s%n", what, Stats.ms(System.nanoTime() - startedNanos));
  }

  private static void closeIfFresh(RequestStore store) {
    if (store instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close a benchmark store", e);
      }
    }
  }

  /** Whether the sweep ended every due request and nothing else. */
  static boolean endedExactly(RequestStore store, List<AccessRequest> due, SweepReport report) {
    if (report.expired() != due.size() || report.changes() != due.size() || report.left() != 0) {
      return false;
    }
    for (AccessRequest r : due) {
      if (store.get(r.id()).map(AccessRequest::state).orElse(null) != RequestState.EXPIRED) {
        return false;
      }
    }
    return store
        .duePage(RequestState.ACTIVE, java.util.EnumSet.allOf(GrantKind.class), NOW, 1)
        .items()
        .isEmpty();
  }

  static void seedBackground(BenchStores stores, RequestStore store, int count, int serial)
      throws Exception {
    List<AccessRequest> background = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String who = "b" + serial + "-" + i + "@example.com";
      TestRequests.Draft draft = TestRequests.request().requester(who);
      background.add(
          i % 2 == 0
              ? draft.at(NOW.minus(Duration.ofMinutes(30))).active()
              : draft.at(NOW.minus(Duration.ofHours(5))).expired());
    }
    stores.seed(store, background);
  }

  static List<AccessRequest> dueRequests(int count, int serial) {
    List<AccessRequest> due = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String who = "d" + serial + "-" + i + "@example.com";
      due.add(
          TestRequests.request()
              .requester(who)
              .at(NOW.minus(Duration.ofHours(3)).plusMillis(i))
              .active());
    }
    return due;
  }

  /** One row per measurement and per goal, in the columns every benchmark prints. */
  private static void print(
      String name,
      int[] sizes,
      Map<String, long[]> times,
      Map<String, long[]> stored,
      PrintStream out) {
    int standard = ServiceSettings.DEFAULT_SWEEP_CONCURRENCY;
    out.println(Stats.HEADER);
    for (int size : sizes) {
      for (int due : DUE) {
        for (int concurrency : concurrencies(size, due)) {
          String key = key(size, due, concurrency);
          long[] t = times.get(key);
          long[] n = stored.get(key);
          long least = java.util.Arrays.stream(n).min().orElse(0);
          long most = java.util.Arrays.stream(n).max().orElse(0);
          Stats.row(
              out,
              "sweep",
              name
                  + ": "
                  + Stats.count(due)
                  + " due among "
                  + Stats.count(size)
                  + " stored ("
                  + (least == most
                      ? Stats.count(least)
                      : Stats.count(least) + " to " + Stats.count(most))
                  + ")"
                  + (concurrency == standard ? "" : ", concurrency " + concurrency),
              Stats.ms(Stats.median(t)) + " (median of " + t.length + ")",
              "",
              "");
        }
      }
    }
    int small = sizes[0];
    int large = sizes[sizes.length - 1];
    for (int due : DUE) {
      double r =
          Stats.median(times.get(key(large, due, standard)))
              / Stats.median(times.get(key(small, due, standard)));
      Stats.goal(
          out,
          "sweep",
          name
              + ": "
              + Stats.count(due)
              + " due, "
              + Stats.count(large)
              + " vs "
              + Stats.count(small)
              + " stored",
          r,
          1.2);
    }
    for (int size : sizes) {
      double r =
          Stats.median(times.get(key(size, 1000, standard)))
              / Stats.median(times.get(key(size, 100, standard)));
      Stats.goal(
          out, "sweep", name + ": 1,000 vs 100 due among " + Stats.count(size) + " stored", r, 3.0);
    }
    double worst = 0;
    for (int size : sizes) {
      worst = Math.max(worst, Stats.median(times.get(key(size, 1000, standard))));
    }
    Stats.row(
        out,
        "sweep",
        name + ": 1,000 due, the slowest median of any size",
        Stats.ms(worst),
        "well inside 60 s",
        worst < 30e9 ? "yes" : "no");
  }
}
