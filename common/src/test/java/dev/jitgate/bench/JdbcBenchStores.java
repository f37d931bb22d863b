package dev.jitgate.bench;

import dev.jitgate.port.RequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The JDBC store's servers for the benchmarks: H2 in a file (the embedded default), or PostgreSQL
 * started from Maven's binaries on loopback, one database per store. PostgreSQL runs with fsync and
 * synchronous commit off: the benchmark measures our code and the server, not this machine's disk.
 */
public final class JdbcBenchStores implements BenchStores {
  private final EmbeddedPostgres postgres;
  private final Path h2;

  private JdbcBenchStores(EmbeddedPostgres postgres, Path h2) {
    this.postgres = postgres;
    this.h2 = h2;
  }

  public static JdbcBenchStores h2() throws Exception {
    return new JdbcBenchStores(null, Files.createTempDirectory("jitgate-bench-h2"));
  }

  public static JdbcBenchStores postgres() throws Exception {
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
    return new JdbcBenchStores(pg, null);
  }

  @Override
  public String name() {
    return postgres != null ? "PostgreSQL" : "H2";
  }

  @Override
  public RequestStore fresh(String label) throws Exception {
    String name = label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (postgres == null) {
      return JdbcStores.h2File(Files.createDirectories(h2.resolve(name)));
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS b" + name);
      s.execute("CREATE DATABASE b" + name);
    }
    return JdbcStores.postgres(postgres.getJdbcUrl("postgres", "b" + name), "postgres", "");
  }

  @Override
  public void close() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
    if (h2 != null) {
      try (Stream<Path> files = Files.walk(h2)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** {@code h2} or {@code postgresql}, then {@code --quick} for the short run. */
  public static void main(String[] args) throws Exception {
    BenchStores stores = args[0].equals("h2") ? h2() : postgres();
    String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
    if (args[1].equals("sweep")) {
      SweepBench.main(stores, rest);
    } else {
      LifecycleBench.main(stores, rest);
    }
  }
}
