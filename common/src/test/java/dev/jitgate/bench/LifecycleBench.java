package dev.jitgate.bench;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.Revoke;
import dev.jitgate.service.ServiceSettings;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lifecycles per second through the service on one store: request, approve (which activates, with a
 * provider that answers at once), revoke; with the p50 and p99 of one lifecycle. Then the domain's
 * overhead over the bare writes: the very writes the service made (each create and compare-and-set
 * update, the same documents and versions) replayed on a second store of the same server, with
 * nothing else. So the overhead holds all the domain does besides those writes: policy checks,
 * audit chain hashing, reads before decisions, the grant-key lookups for shared artifacts, the
 * approval-token issuing. Service and replay alternate in rounds, so both see the same load.
 */
public final class LifecycleBench {
  private static final Caller ALICE = Caller.of("alice@example.com");
  private static final Caller CAROL = Caller.of("carol@example.com");
  private static final EntitlementId ENTITLEMENT = new EntitlementId("gcp-prod-storage-admin");

  private LifecycleBench() {}

  public static void main(BenchStores stores, String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int rounds = quick ? 3 : 5;
    int perRound = quick ? 100 : 300;
    PrintStream out = System.out;
    try (stores) {
      out.println("# lifecycle benchmark on " + stores.name() + (quick ? " (quick)" : ""));
      out.println("# " + Stats.environment());
      run(stores, rounds, perRound, out);
    }
    System.exit(0);
  }

  static void run(BenchStores stores, int rounds, int perRound, PrintStream out) throws Exception {
    RecordingStore recording = new RecordingStore(stores.fresh("lifecycle"));
    RequestStore bare = stores.fresh("barewrites");
    AccessService service =
        BenchService.over(
            recording,
            List.of(new BenchService.InstantProvider(GrantKind.GCP_IAM_BINDING)),
            Clock.systemUTC(),
            ServiceSettings.DEFAULTS);
    // Warm-up, not counted: class loading and the JIT.
    for (int i = 0; i < perRound; i++) {
      lifecycle(service);
    }
    RecordingStore.replay(bare, recording.takeWrites());
    int readsBefore = recording.reads.get();
    long writeNanosBefore = recording.writeNanos.get();
    long readNanosBefore = recording.readNanos.get();
    List<Long> each = new ArrayList<>();
    long[] serviceRounds = new long[rounds];
    long[] bareRounds = new long[rounds];
    int writes = 0;
    RequestStore replayOn = stores.fresh("barewrites2");
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        long s = System.nanoTime();
        lifecycle(service);
        each.add(System.nanoTime() - s);
      }
      serviceRounds[round] = System.nanoTime() - t0;
      List<RecordingStore.Write> made = recording.takeWrites();
      writes += made.size();
      long b0 = System.nanoTime();
      RecordingStore.replay(replayOn, made);
      bareRounds[round] = System.nanoTime() - b0;
    }
    int reads = recording.reads.get() - readsBefore;
    double writeMs = (recording.writeNanos.get() - writeNanosBefore) / 1e6 / (rounds * perRound);
    double readMs = (recording.readNanos.get() - readNanosBefore) / 1e6 / (rounds * perRound);
    long[] latencies = each.stream().mapToLong(Long::longValue).toArray();
    double serviceMedian = Stats.median(serviceRounds) / perRound;
    double bareMedian = Stats.median(bareRounds) / perRound;
    int n = rounds * perRound;
    out.println(Stats.HEADER);
    Stats.row(
        out,
        "lifecycle",
        stores.name() + ": through the service, " + n + " lifecycles",
        String.format(
            java.util.Locale.ROOT,
            "%.0f/s; p50 %s, p99 %s; %.1f writes and %.1f reads each",
            1e9 / serviceMedian,
            Stats.ms(Stats.quantile(latencies, 0.5)),
            Stats.ms(Stats.quantile(latencies, 0.99)),
            writes / (double) n,
            reads / (double) n),
        "",
        "");
    Stats.row(
        out,
        "lifecycle",
        stores.name() + ": the same writes alone (bare store writes)",
        String.format(
            java.util.Locale.ROOT,
            "%.0f/s; %s per lifecycle",
            1e9 / bareMedian,
            Stats.ms(bareMedian)),
        "",
        "");
    Stats.row(
        out,
        "lifecycle",
        stores.name() + ": where the service's time goes (means per lifecycle)",
        String.format(
            java.util.Locale.ROOT,
            "store writes %.1f ms, store reads %.1f ms, the rest %.1f ms",
            writeMs,
            readMs,
            Stats.mean(latencies) / 1e6 - writeMs - readMs),
        "",
        "");
    double overhead = serviceMedian / bareMedian - 1;
    Stats.row(
        out,
        "lifecycle",
        stores.name() + ": the domain's overhead over the bare writes (median round)",
        String.format(java.util.Locale.ROOT, "%.0f %%", overhead * 100),
        "≤ 20 %",
        overhead <= 0.20 ? "yes" : "no");
  }

  /**
   * One request through request, approve (activates) and revoke; fails loudly if a step did not.
   */
  static void lifecycle(AccessService service) {
    AccessRequest r =
        service.request(ALICE, new RequestAccess(ENTITLEMENT, Optional.empty(), "INC-1 bench"));
    AccessRequest active = service.decide(CAROL, Decide.approve(r.id(), "ok"));
    if (active.state() != RequestState.ACTIVE) {
      throw new IllegalStateException("not ACTIVE after approval: " + active.state());
    }
    AccessRequest revoked = service.revoke(ALICE, new Revoke(active.id(), "done"));
    if (revoked.state() != RequestState.REVOKED) {
      throw new IllegalStateException("not REVOKED: " + revoked.state());
    }
  }
}
