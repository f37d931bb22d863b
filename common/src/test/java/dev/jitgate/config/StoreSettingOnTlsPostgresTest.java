package dev.jitgate.config;

import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.Race;
import dev.jitgate.store.StoreException;
import dev.jitgate.testing.ThrowawayCa;
import dev.jitgate.testing.TlsPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JITGATE_STORE=postgresql} as a function deploys it, on a real PostgreSQL that takes TLS
 * connections only: the store connects with the server's certificate verified, and not otherwise.
 */
class StoreSettingOnTlsPostgresTest {
  private static TlsPostgres postgres;

  private final Map<String, String> env = new HashMap<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    postgres = TlsPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  StoreSettingOnTlsPostgresTest() {
    env.put(StoreSetting.NAME, StoreSetting.POSTGRESQL);
    env.put(StoreSetting.USER, postgres.user());
    env.put(StoreSetting.PASSWORD, postgres.password());
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable store : opened) {
      store.close();
    }
  }

  @Test
  void postgresql_overVerifiedTls_storesAndReadsRequests() {
    env.put(StoreSetting.URL, postgres.jdbcUrl());

    StoreSetting.Choice choice = read();
    AccessRequest r = request().pending();
    choice.store().create(r);

    assertThat(choice.shared()).isTrue();
    assertThat(choice.store().get(r.id())).contains(r);
  }

  @Test
  void storeConnections_areTls_allOfThem() throws SQLException {
    String url = postgres.newDatabase();
    env.put(StoreSetting.URL, url);

    RequestStore store = read().store();
    store.create(request().pending());

    try (Connection admin = postgres.adminConnection();
        PreparedStatement ps =
            admin.prepareStatement(
                "SELECT count(*), bool_and(s.ssl), min(s.version)"
                    + " FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.usename = ? AND a.datname = ?")) {
      ps.setString(1, postgres.user());
      ps.setString(2, database(url));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive();
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getString(3)).isEqualTo("TLSv1.3");
      }
    }
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void urlTrustingAnotherCa_failsOnTheCertificate_withoutRepeatingUrlOrPassword(
      @TempDir Path elsewhere) throws Exception {
    ThrowawayCa other = ThrowawayCa.create(elsewhere, "other");
    String url =
        postgres
            .newDatabase()
            .replace(postgres.caFile().toString(), other.certificateFile().toString());
    env.put(StoreSetting.URL, url);

    assertThatThrownBy(() -> read())
        .isInstanceOf(StoreException.class)
        .hasMessage("cannot connect to the request store database")
        .satisfies(
            e -> {
              assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance);
              assertThat(messages(e))
                  .doesNotContain(postgres.password())
                  .doesNotContain(other.certificateFile().toString())
                  .doesNotContain(String.valueOf(postgres.port()));
            });
  }

  @Test
  void urlWithSslModeDisable_isRefusedBeforeConnecting() throws SQLException {
    String url = postgres.newDatabase().replace("sslmode=verify-full", "sslmode=disable");
    env.put(StoreSetting.URL, url);

    // Had it connected, the server would have refused it and the store thrown StoreException.
    assertThatThrownBy(() -> read())
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageContaining(StoreSetting.URL)
        .hasMessageContaining("must set sslmode=verify-full (it has sslmode=disable)")
        .hasMessageNotContaining("127.0.0.1")
        .hasMessageNotContaining(postgres.password());
  }

  @Test
  void connectionWithoutTls_isRefusedByTheServer() throws SQLException {
    String plain = postgres.newDatabase().replace("sslmode=verify-full", "sslmode=disable");

    assertThatThrownBy(
            () -> DriverManager.getConnection(plain, postgres.user(), postgres.password()).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("pg_hba.conf rejects connection")
        .hasMessageContaining("no encryption");
  }

  @Test
  void functionStore_underConcurrentWork_keepsAtMostTwoConnections() throws Exception {
    String url = postgres.newDatabase();
    env.put(StoreSetting.URL, url);
    RequestStore store = read().store();
    AtomicBoolean working = new AtomicBoolean(true);
    CompletableFuture<Integer> mostSeen =
        CompletableFuture.supplyAsync(
            () -> {
              int most = 0;
              try (Connection admin = postgres.adminConnection()) {
                while (working.get()) {
                  most = Math.max(most, connections(admin, database(url)));
                  Thread.sleep(2);
                }
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException("cannot count the store's connections", e);
              }
              return most;
            });

    List<Integer> stored;
    try {
      stored =
          Race.run(
              8,
              racer ->
                  () -> {
                    int found = 0;
                    for (int i = 0; i < 20; i++) {
                      AccessRequest r =
                          request().requester("user" + racer + "@example.com").pending();
                      store.create(r);
                      found += store.get(r.id()).isPresent() ? 1 : 0;
                    }
                    return found;
                  });
    } finally {
      working.set(false);
    }

    assertThat(stored).containsOnly(20).hasSize(8);
    assertThat(mostSeen.get(30, TimeUnit.SECONDS)).isBetween(1, 2);
    try (Connection admin = postgres.adminConnection()) {
      assertThat(connections(admin, database(url))).isBetween(1, 2);
    }
  }

  /** The store {@code env} chooses; building the native one fails the test. */
  private StoreSetting.Choice read() {
    StoreSetting.Choice choice =
        StoreSetting.read(
            new Environment(env::get),
            "native",
            () -> {
              throw new AssertionError("the native store was built, but postgresql was chosen");
            });
    opened.add((AutoCloseable) choice.store());
    return choice;
  }

  private static int connections(Connection admin, String database) throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND datname = ?")) {
      ps.setString(1, postgres.user());
      ps.setString(2, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static String database(String url) {
    int path = url.indexOf('/', "jdbc:postgresql://".length());
    return url.substring(path + 1, url.indexOf('?'));
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t : causes(e)) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
