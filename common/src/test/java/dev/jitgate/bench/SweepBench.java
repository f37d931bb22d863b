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
 * hits all of them alike. Stores of 1,000 and 10,000 are made afresh for every run, so that they
 * hold exactly that many; the 100,000 store is seeded once and also holds the requests ended by its
 * earlier runs (at most 5.5 % more), which the due index does not see.
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
    Map<Integer, RequestStore> kept = new TreeMap<>();
    int failures = 0;
    int serial = 0;
    for (int round = 0; round < rounds; round++) {
      for (int size : sizes) {
        for (int due : DUE) {
          RequestStore store;
          boolean fresh = size <= 10000;
          if (fresh) {
            store = stores.fresh("s" + size + "r" + round + "d" + due);
            seedBackground(stores, store, size - due, serial++);
          } else {
            store = kept.get(size);
            if (store == null) {
              long t0 = System.nanoTime();
              store = stores.fresh("s" + size);
              seedBackground(stores, store, size - DUE[DUE.length - 1], serial++);
              out.printf(
                  "# seeded %s requests in %s%n",
                  Stats.count(size - DUE[DUE.length - 1]), Stats.ms(System.nanoTime() - t0));
              kept.put(size, store);
            }
          }
          List<AccessRequest> dueNow = dueRequests(due, serial++);
          stores.seed(store, dueNow);
          AccessService service =
              BenchService.over(
                  store,
                  List.of(new BenchService.InstantProvider(GrantKind.GCP_IAM_BINDING)),
                  Clock.fixed(NOW, ZoneOffset.UTC),
                  ServiceSettings.DEFAULTS);
          long t0 = System.nanoTime();
          SweepReport report = service.sweep(NOW);
          long elapsed = System.nanoTime() - t0;
          if (!endedExactly(store, dueNow, report)) {
            failures++;
            out.printf(
                "# CHECK FAILED: %s, %d stored, %d due: %s%n", stores.name(), size, due, report);
          }
          times.computeIfAbsent(size + "/" + due, k -> new long[rounds])[round] = elapsed;
          if (fresh && store instanceof AutoCloseable closeable) {
            closeable.close();
          }
        }
      }
    }
    print(stores.name(), sizes, times, out);
    return failures;
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
  private static void print(String name, int[] sizes, Map<String, long[]> times, PrintStream out) {
    out.println(Stats.HEADER);
    for (int size : sizes) {
      for (int due : DUE) {
        long[] t = times.get(size + "/" + due);
        Stats.row(
            out,
            "sweep",
            name + ": " + Stats.count(due) + " due among " + Stats.count(size) + " stored",
            Stats.ms(Stats.median(t)) + " (median of " + t.length + ")",
            "",
            "");
      }
    }
    int small = sizes[0];
    int large = sizes[sizes.length - 1];
    for (int due : DUE) {
      double r =
          Stats.median(times.get(large + "/" + due)) / Stats.median(times.get(small + "/" + due));
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
      double r = Stats.median(times.get(size + "/1000")) / Stats.median(times.get(size + "/100"));
      Stats.goal(
          out, "sweep", name + ": 1,000 vs 100 due among " + Stats.count(size) + " stored", r, 3.0);
    }
    double worst = 0;
    for (int size : sizes) {
      worst = Math.max(worst, Stats.median(times.get(size + "/1000")));
    }
    Stats.row(
        out,
        "sweep",
        name + ": 1,000 due, slowest median of any size",
        Stats.ms(worst),
        "well inside 60 s",
        worst < 30e9 ? "yes" : "no");
  }
}
