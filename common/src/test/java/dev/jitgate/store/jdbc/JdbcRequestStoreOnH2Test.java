package dev.jitgate.store.jdbc;

import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.Race;
import dev.jitgate.store.RequestStoreContract;
import dev.jitgate.store.StoreException;
import dev.jitgate.store.TestRequests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, and what is particular to JDBC, on embedded in-memory H2. */
class JdbcRequestStoreOnH2Test extends RequestStoreContract {
  private static final String DATABASE = "jitgate-h2-test-" + UUID.randomUUID();
  private static JdbcRequestStore store;

  @BeforeAll
  static void open() {
    store = JdbcStores.h2Memory(DATABASE);
  }

  @AfterAll
  static void close() {
    store.close();
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
  void open_twiceOnOneDatabase_migratesOnceAndKeepsTheData() throws SQLException {
    AccessRequest r = request().pending();
    store.create(r);

    try (JdbcRequestStore again = JdbcStores.h2Memory(DATABASE)) {
      assertThat(again.get(r.id())).contains(r);
      assertThat(JdbcTables.schemaVersions(again))
          .containsExactlyElementsOf(JdbcTables.everyMigration());
    }
  }

  @Test
  void open_whenStoresStartAtOnceOnANewDatabase_allMigrateIt() throws Exception {
    String database = "jitgate-h2-race-" + UUID.randomUUID();
    List<JdbcRequestStore> opened = new ArrayList<>();
    try {
      opened.addAll(Race.run(4, starter -> () -> JdbcStores.h2Memory(database)));

      assertThat(JdbcTables.schemaVersions(opened.get(0)))
          .containsExactlyElementsOf(JdbcTables.everyMigration());
    } finally {
      opened.forEach(JdbcRequestStore::close);
    }
  }

  @Test
  void open_onADatabaseWhoseDocumentsAreLargeObjects_movesThemIntoTheRow() throws SQLException {
    String database = "jitgate-h2-lob-" + UUID.randomUUID();
    AccessRequest r = request().pending();
    try (JdbcRequestStore first = JdbcStores.h2Memory(database);
        Connection c = first.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // The database as schema version 4 left it: documents in a large object.
      s.execute("ALTER TABLE jitgate_request ALTER COLUMN document SET DATA TYPE CLOB");
      s.execute("DELETE FROM jitgate_schema WHERE version = 5");
      first.create(r);
      assertThat(documentColumn(c)).isEqualTo("CHARACTER LARGE OBJECT NOT NULL");
    }

    try (JdbcRequestStore again = JdbcStores.h2Memory(database);
        Connection c = again.dataSource().getConnection()) {
      assertThat(documentColumn(c)).isEqualTo("CHARACTER VARYING NOT NULL");
      assertThat(again.get(r.id())).contains(r);
      assertThat(JdbcTables.schemaVersions(again))
          .containsExactlyElementsOf(JdbcTables.everyMigration());
    }
  }

  private static String documentColumn(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT data_type, is_nullable FROM information_schema.columns"
                    + " WHERE table_name = 'JITGATE_REQUEST' AND column_name = 'DOCUMENT'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1) + ("NO".equals(rs.getString(2)) ? " NOT NULL" : " NULL");
    }
  }

  @Test
  void open_whenTheSchemaIsNewerThanThisBuild_isRefused() throws SQLException {
    String database = "jitgate-h2-newer-" + UUID.randomUUID();
    try (JdbcRequestStore first = JdbcStores.h2Memory(database);
        Connection c = first.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jitgate_schema (version, description, applied_at)"
                    + " VALUES (99, 'from a newer build', CURRENT_TIMESTAMP)")) {
      ps.executeUpdate();
    }

    assertThatThrownBy(() -> JdbcStores.h2Memory(database))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema is at version 99")
        .hasMessageContaining("upgrade jitgate");
  }

  @Test
  void get_afterTheStoreIsClosed_failsNamingTheOperation() {
    JdbcRequestStore closed = JdbcStores.h2Memory("jitgate-h2-closed-" + UUID.randomUUID());
    closed.close();
    RequestId id = new RequestId("request-after-close");

    assertThatThrownBy(() -> closed.get(id))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the request store could not read request request-after-close")
        .hasMessageNotContaining("SELECT");
  }

  @Test
  void h2File_whenReopened_stillHasTheRequests(@TempDir Path dir) {
    List<AccessRequest> requests = TestRequests.oneInEveryState(T0);
    try (JdbcRequestStore first = JdbcStores.h2File(dir.resolve("store"))) {
      requests.forEach(first::create);
    }

    try (JdbcRequestStore reopened = JdbcStores.h2File(dir.resolve("store"))) {
      for (AccessRequest r : requests) {
        assertThat(reopened.get(r.id())).contains(r);
      }
    }
  }

  @Test
  void due_isAnsweredFromTheDueIndex() throws SQLException {
    for (int i = 0; i < 200; i++) {
      store.create(request().at(T0.plus(Duration.ofMinutes(i))).expired());
    }
    store.create(request().pending());

    String plan;
    try (Connection c = store.dataSource().getConnection()) {
      try (PreparedStatement analyze = c.prepareStatement("ANALYZE")) {
        analyze.execute();
      }
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + JdbcRequestStore.DUE_SQL)) {
        ps.setString(1, RequestState.PENDING.name());
        ps.setLong(2, T0.toEpochMilli());
        ps.setInt(3, 10);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          plan = rs.getString(1);
        }
      }
    }

    assertThat(plan).containsIgnoringCase("JITGATE_REQUEST_DUE");
    assertThat(plan).containsIgnoringCase("index sorted");
  }
}
