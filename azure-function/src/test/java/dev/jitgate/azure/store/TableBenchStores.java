package dev.jitgate.azure.store;

import dev.jitgate.bench.BenchStores;
import dev.jitgate.bench.LifecycleBench;
import dev.jitgate.bench.SweepBench;
import dev.jitgate.port.RequestStore;
import java.time.Clock;
import java.util.Arrays;

/**
 * Azurite (in memory, loopback, telemetry off) for the benchmarks: a table per store, seeded with
 * the store's own creates from 8 threads (a request and its index entities are several partitions,
 * which one Tables transaction cannot span).
 */
public final class TableBenchStores implements BenchStores {
  private final Azurite azurite;

  private TableBenchStores(Azurite azurite) {
    this.azurite = azurite;
  }

  @Override
  public String name() {
    return "Azurite";
  }

  @Override
  public RequestStore fresh(String label) {
    return new TableRequestStore(azurite.newTable(), Clock.systemUTC());
  }

  @Override
  public void close() throws Exception {
    azurite.stop();
  }

  /** {@code sweep} or {@code lifecycle}, then {@code --quick} for the short run. */
  public static void main(String[] args) throws Exception {
    Azurite azurite = new Azurite();
    azurite.start();
    TableBenchStores stores = new TableBenchStores(azurite);
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (args[0].equals("sweep")) {
      SweepBench.main(stores, rest);
    } else {
      LifecycleBench.main(stores, rest);
    }
  }
}
