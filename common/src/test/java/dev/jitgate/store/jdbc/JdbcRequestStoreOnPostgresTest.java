package dev.jitgate.store.jdbc;

import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.Race;
import dev.jitgate.store.RequestStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract, and what is particular to JDBC, on a real PostgreSQL started from Maven. */
class JdbcRequestStoreOnPostgresTest extends RequestStoreContract {
  private static EmbeddedPostgres postgres;
  private static JdbcRequestStore store;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    store = JdbcStores.postgres(url("postgres"), "postgres", "");
  }

  @AfterAll
  static void stop() throws IOException {
    if (store != null) {
      store.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void empty() throws SQLException {
    JdbcTables.deleteAllRequests(store);
  }

  @Override
  protected RequestStore store() {
    return store;
  }

  @Test
  void server_listensOnLoopbackOnly() throws SQLException {
    assertThat(query(store, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
  }

  @Test
  void open_twiceOnOneDatabase_migratesOnceAndKeepsTheData() throws SQLException {
    AccessRequest r = request().pending();
    store.create(r);

    try (JdbcRequestStore again = JdbcStores.postgres(url("postgres"), "postgres", "")) {
      assertThat(again.get(r.id())).contains(r);
      assertThat(JdbcTables.schemaVersions(again))
          .containsExactlyElementsOf(JdbcTables.everyMigration());
    }
  }

  @Test
  void open_whenStoresStartAtOnceOnANewDatabase_allMigrateIt() throws Exception {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("CREATE DATABASE jitgate_race")) {
      ps.execute();
    }
    List<JdbcRequestStore> opened = new ArrayList<>();
    try {
      opened.addAll(
          Race.run(4, starter -> () -> JdbcStores.postgres(url("jitgate_race"), "postgres", "")));

      assertThat(JdbcTables.schemaVersions(opened.get(0)))
          .containsExactlyElementsOf(JdbcTables.everyMigration());
      assertThat(
              query(
                  opened.get(0),
                  "SELECT data_type FROM information_schema.columns"
                      + " WHERE table_name = 'jitgate_request' AND column_name = 'document'"))
          .isEqualTo("text");
    } finally {
      opened.forEach(JdbcRequestStore::close);
    }
  }

  @Test
  void due_isAnsweredFromTheDueIndex() throws SQLException {
    for (int i = 0; i < 300; i++) {
      store.create(request().at(T0.plus(Duration.ofMinutes(i))).expired());
    }
    for (int i = 0; i < 5; i++) {
      store.create(request().at(T0.plus(Duration.ofMinutes(i))).pending());
    }

    String plan;
    try (Connection c = store.dataSource().getConnection()) {
      try (PreparedStatement analyze = c.prepareStatement("ANALYZE jitgate_request")) {
        analyze.execute();
      }
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + JdbcRequestStore.DUE_SQL)) {
        ps.setString(1, RequestState.PENDING.name());
        ps.setLong(2, T0.plus(Duration.ofDays(2)).toEpochMilli());
        ps.setInt(3, 10);
        StringBuilder lines = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lines.append(rs.getString(1)).append('\n');
          }
        }
        plan = lines.toString();
      }
    }

    assertThat(plan).contains("Index Scan using jitgate_request_due").doesNotContain("Seq Scan");
  }

  private static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  private static String query(JdbcRequestStore on, String sql) throws SQLException {
    try (Connection c = on.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
