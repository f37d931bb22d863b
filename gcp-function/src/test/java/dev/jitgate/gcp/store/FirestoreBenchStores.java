package dev.jitgate.gcp.store;

import com.google.cloud.firestore.Firestore;
import dev.jitgate.bench.BenchStores;
import dev.jitgate.bench.LifecycleBench;
import dev.jitgate.bench.SweepBench;
import dev.jitgate.port.RequestStore;
import java.util.Arrays;
import java.util.UUID;

/**
 * Google's Firestore emulator (loopback) for the benchmarks: a collection per store, seeded with
 * the store's own creates from 8 threads.
 */
public final class FirestoreBenchStores implements BenchStores {
  private final FirestoreEmulator emulator;
  private final Firestore firestore;

  private FirestoreBenchStores(FirestoreEmulator emulator) {
    this.emulator = emulator;
    this.firestore = emulator.client("jitgate-bench");
  }

  @Override
  public String name() {
    return "Firestore emulator";
  }

  @Override
  public RequestStore fresh(String label) {
    return FirestoreRequestStore.connect(firestore, "bench-" + label + "-" + UUID.randomUUID());
  }

  @Override
  public void close() throws Exception {
    firestore.close();
    emulator.close();
  }

  /** {@code sweep} or {@code lifecycle}, then {@code --quick} for the short run. */
  public static void main(String[] args) throws Exception {
    FirestoreBenchStores stores = new FirestoreBenchStores(FirestoreEmulator.start());
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (args[0].equals("sweep")) {
      SweepBench.main(stores, rest);
    } else {
      LifecycleBench.main(stores, rest);
    }
  }
}
