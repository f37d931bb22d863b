package dev.jitgate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests that takes TLS connections only: on 127.0.0.1, with a server
 * certificate from a {@link ThrowawayCa} made for this start, and password logins. Clients connect
 * with {@code sslmode=verify-full}, as deployments do.
 *
 * <p>Access rules ({@code hba_file}, set at start): connections without TLS are rejected, TLS
 * connections from 127.0.0.1 log in with a SCRAM password, Unix sockets are off. The superuser logs
 * in without a password only while the server is being set up, over TLS; the rules are then
 * reloaded and it has a password like everyone else.
 */
public final class TlsPostgres implements AutoCloseable {
  /** The role that tests and stores log in as: no superuser, owner of {@link #newDatabase()}s. */
  public static final String USER = "jitgate";

  private static final String ADMIN = "postgres";
  private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/._-]+");
  private static final int RELOAD_ATTEMPTS = 100;
  private static final long RELOAD_PAUSE_MILLIS = 20;

  private static final String STARTUP_RULES =
      "# TLS only. While TlsPostgres sets the server up: the superuser, without a password.\n"
          + "hostnossl all all all reject\n"
          + "hostssl all "
          + ADMIN
          + " 127.0.0.1/32 trust\n";
  private static final String RULES =
      "# TLS only: from 127.0.0.1, with a password; no local (Unix socket) connections.\n"
          + "hostnossl all all all reject\n"
          + "hostssl all all 127.0.0.1/32 scram-sha-256\n";

  private final Path directory;
  private final Path caFile;
  private final EmbeddedPostgres server;
  private final String password = randomPassword();
  private final String adminPassword = randomPassword();
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread deleteAtExit;
  private boolean closed;

  private TlsPostgres(Path directory, Path caFile, EmbeddedPostgres server) {
    this.directory = directory;
    this.caFile = caFile;
    this.server = server;
    this.deleteAtExit = new Thread(() -> deleteDirectory(directory), "TlsPostgres cleanup");
  }

  /**
   * Makes a CA and a server certificate in a new owner-only temporary directory, starts PostgreSQL
   * on 127.0.0.1 with them, creates the {@link #USER} role and then allows password logins only.
   */
  public static TlsPostgres start() throws IOException {
    Path directory =
        Files.createTempDirectory(
            "jitgate-pgtls-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    EmbeddedPostgres server = null;
    try {
      // zonky hands the server settings to pg_ctl as one shell-parsed string: no quoting needed.
      if (!PLAIN_PATH.matcher(directory.toString()).matches()) {
        throw new IOException(
            "the temporary directory " + directory + " has characters pg_ctl would misread");
      }
      ThrowawayCa ca = ThrowawayCa.create(directory, "ca");
      ThrowawayCa.ServerCertificate certificate = ca.issueServerCertificate("server");
      Path rules = directory.resolve("pg_hba.conf");
      writeRules(rules, STARTUP_RULES);
      server =
          EmbeddedPostgres.builder()
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("unix_socket_directories", "")
              .setServerConfig("ssl", "on")
              .setServerConfig("ssl_cert_file", certificate.certificateFile().toString())
              .setServerConfig("ssl_key_file", certificate.privateKeyFile().toString())
              .setServerConfig("hba_file", rules.toString())
              // zonky's own readiness check connects as the superuser to "localhost".
              .setConnectConfig("sslmode", "verify-full")
              .setConnectConfig("sslrootcert", ca.certificateFile().toString())
              .start();
      TlsPostgres postgres = new TlsPostgres(directory, ca.certificateFile(), server);
      postgres.setUp(rules);
      Runtime.getRuntime().addShutdownHook(postgres.deleteAtExit);
      return postgres;
    } catch (IOException | SQLException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      deleteDirectory(directory);
      throw e instanceof IOException io ? io : new IOException("cannot set up PostgreSQL", e);
    }
  }

  /** The shared {@code postgres} database, verified TLS: {@code sslmode=verify-full}. */
  public String jdbcUrl() {
    return jdbcUrl(ADMIN);
  }

  /** {@code database} on this server, verified TLS against this start's CA. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + server.getPort()
        + "/"
        + database
        + "?sslmode=verify-full&sslrootcert="
        + caFile;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  /** The CA certificate (PEM) that signed the server's certificate. */
  public Path caFile() {
    return caFile;
  }

  public int port() {
    return server.getPort();
  }

  /** A new, empty database owned by {@link #USER}; its URL. */
  public String newDatabase() throws SQLException {
    String name = "jitgate_" + databases.incrementAndGet();
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " OWNER " + USER);
    }
    return jdbcUrl(name);
  }

  /** A superuser connection to {@code postgres}, over verified TLS, for set-up and inspection. */
  public Connection adminConnection() throws SQLException {
    return connect(ADMIN, adminPassword);
  }

  /** Stops the server and deletes the certificates, keys and access rules. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    } finally {
      deleteDirectory(directory);
      try {
        Runtime.getRuntime().removeShutdownHook(deleteAtExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it deletes the same directory.
      }
    }
  }

  private void setUp(Path rules) throws IOException, SQLException {
    Timestamp loaded;
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      // The passwords are base64url: no quote can end the literal.
      s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
      s.execute("ALTER ROLE " + ADMIN + " PASSWORD '" + adminPassword + "'");
      // Since PostgreSQL 15 only a database's owner may create tables in its public schema.
      s.execute("GRANT CREATE ON SCHEMA public TO " + USER);
      loaded = loadTime(s);
      writeRules(rules, RULES);
      s.execute("SELECT pg_reload_conf()");
    }
    awaitReloadAfter(loaded);
  }

  /**
   * pg_reload_conf() only signals the server. A new session reports the time the server last read
   * its configuration, pg_hba.conf included, so a later time means the new rules hold.
   */
  private void awaitReloadAfter(Timestamp before) throws SQLException, IOException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = adminConnection();
          Statement s = c.createStatement()) {
        if (loadTime(s).after(before)) {
          try (ResultSet rs =
              s.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")) {
            rs.next();
            if (rs.getInt(1) != 0) {
              throw new IOException("PostgreSQL reports errors in the pg_hba.conf written");
            }
          }
          return;
        }
      }
      if (attempt == RELOAD_ATTEMPTS) {
        throw new IOException(
            "PostgreSQL did not reload pg_hba.conf within "
                + RELOAD_ATTEMPTS * RELOAD_PAUSE_MILLIS
                + " ms");
      }
      try {
        Thread.sleep(RELOAD_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for PostgreSQL to reload", e);
      }
    }
  }

  private static Timestamp loadTime(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT pg_conf_load_time()")) {
      rs.next();
      return rs.getTimestamp(1);
    }
  }

  private Connection connect(String user, String secret) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", secret);
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(jdbcUrl(ADMIN), properties);
  }

  private static void writeRules(Path rules, String content) throws IOException {
    Path next = rules.resolveSibling(rules.getFileName() + ".next");
    Files.writeString(next, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
    Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteDirectory(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
