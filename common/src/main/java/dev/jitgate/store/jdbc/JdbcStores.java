package dev.jitgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jitgate.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Opens pooled JDBC request stores: embedded H2 in a file or in memory, and PostgreSQL. */
public final class JdbcStores {

  /** Connections per pool: enough for a process's concurrent requests and sweep. */
  static final int POOL_SIZE = 8;

  private static final Pattern MEMORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private JdbcStores() {}

  /**
   * An embedded H2 store in {@code directory} (created if missing), kept across restarts; every
   * commit is in the file before it returns.
   */
  public static JdbcRequestStore h2File(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StoreException("cannot create the store directory " + directory, e);
    }
    Path file = directory.toAbsolutePath().resolve("jitgate");
    // H2 commits to its file in the background, every WRITE_DELAY ms (500 by default): a process
    // killed within that delay loses commits it had already answered. With 0, each commit is
    // written to the file before the statement returns, so it survives the process dying (measured
    // with kill -9 on H2 2.5.252: none of thousands of acknowledged inserts lost, against hundreds
    // by default). H2 does not fsync per commit, so an OS crash or power loss can still lose the
    // last commits; deployments that need that use PostgreSQL.
    return open("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "", "org.h2.Driver");
  }

  /**
   * An H2 store in memory, named so that several stores in one JVM can share it. It lives until the
   * JVM ends, also after the store is closed.
   */
  public static JdbcRequestStore h2Memory(String name) {
    if (name == null || !MEMORY_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an in-memory database name is 1 to 64 letters, digits, '_' or '-'");
    }
    // DB_CLOSE_DELAY=-1 keeps the database when the pool closes its last connection.
    return open("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", "org.h2.Driver");
  }

  /** A PostgreSQL store, for a store shared by several deployments. */
  public static JdbcRequestStore postgres(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("a PostgreSQL JDBC URL starts with jdbc:postgresql:");
    }
    return open(jdbcUrl, user, password, "org.postgresql.Driver");
  }

  /**
   * A PostgreSQL store for one serverless function instance, which serves one call at a time: at
   * most {@value #FUNCTION_POOL_SIZE} connections, none kept idle for long, and short timeouts, so
   * that many instances stay within the database's connection limit and a dead database fails a
   * call in seconds.
   */
  public static JdbcRequestStore postgresForFunction(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("a PostgreSQL JDBC URL starts with jdbc:postgresql:");
    }
    HikariConfig config = config(jdbcUrl, user, password, "org.postgresql.Driver");
    config.setMaximumPoolSize(FUNCTION_POOL_SIZE);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    config.setIdleTimeout(60_000);
    config.setMaxLifetime(300_000);
    return open(config);
  }

  /** Connections per function instance: the call in flight, and one for the sweep's revokes. */
  static final int FUNCTION_POOL_SIZE = 2;

  private static JdbcRequestStore open(String url, String user, String password, String driver) {
    HikariConfig config = config(url, user, password, driver);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    return open(config);
  }

  private static HikariConfig config(String url, String user, String password, String driver) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("jitgate-store");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    // Named explicitly: a shaded function jar may lose the drivers' service registrations.
    config.setDriverClassName(driver);
    return config;
  }

  private static JdbcRequestStore open(HikariConfig config) {
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      // The URL is left out of the message: it may carry credentials.
      throw new StoreException("cannot connect to the request store database", e);
    }
    try {
      return new JdbcRequestStore(pool, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }
}
