package dev.jitgate.store.jdbc;

import dev.jitgate.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Creates and migrates the store's tables. Each migration runs in its own transaction and is
 * recorded in {@code jitgate_schema}; several processes may start against one database at once.
 */
final class JdbcSchema {

  /** The schema version this build needs; a database at a newer version is refused. */
  static final int LATEST = 5;

  /** The key of the PostgreSQL advisory lock that serializes migrations: "jitgate" in ASCII. */
  private static final long MIGRATION_LOCK = 0x6a697467617465L;

  private static final Object EMBEDDED_MIGRATIONS = new Object();

  private static final String CREATE_SCHEMA_TABLE =
      "CREATE TABLE IF NOT EXISTS jitgate_schema ("
          + "version INT PRIMARY KEY, "
          + "description VARCHAR(200) NOT NULL, "
          + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)";

  // Every statement is idempotent (IF NOT EXISTS): H2 commits DDL on its own, so a migration that
  // failed halfway there, or that raced another process, is simply run again.
  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "request documents and the indexes of the store's queries",
              dialect ->
                  List.of(
                      "CREATE TABLE IF NOT EXISTS jitgate_request ("
                          + "id VARCHAR(64) PRIMARY KEY, "
                          + "state VARCHAR(16) NOT NULL, "
                          + "due_at BIGINT, "
                          + "requester VARCHAR(254) NOT NULL, "
                          + "entitlement VARCHAR(63) NOT NULL, "
                          + "grant_key VARCHAR(2048) NOT NULL, "
                          + "kind VARCHAR(32) NOT NULL, "
                          + "created_at BIGINT NOT NULL, "
                          + "version BIGINT NOT NULL, "
                          + "document "
                          + dialect.documentType
                          + " NOT NULL)",
                      "CREATE INDEX IF NOT EXISTS jitgate_request_due"
                          + " ON jitgate_request (state, due_at)",
                      "CREATE INDEX IF NOT EXISTS jitgate_request_requester"
                          + " ON jitgate_request (requester, created_at)",
                      "CREATE INDEX IF NOT EXISTS jitgate_request_pending"
                          + " ON jitgate_request (state, entitlement, created_at)",
                      "CREATE INDEX IF NOT EXISTS jitgate_request_grant_key"
                          + " ON jitgate_request (grant_key, state)")),
          new Migration(
              2,
              "the policy ledger of deployments sharing the store",
              dialect ->
                  List.of(
                      "CREATE TABLE IF NOT EXISTS jitgate_policy ("
                          + "id INT PRIMARY KEY, "
                          + "digest VARCHAR(64) NOT NULL, "
                          + "deployment VARCHAR(100) NOT NULL, "
                          + "recorded_at BIGINT NOT NULL, "
                          + "audit_key_fingerprint VARCHAR(32))")),
          // Issue 14 (attention): the sparse index of open break-glass reviews.
          new Migration(
              3,
              "open break-glass reviews for the approver queue",
              dialect ->
                  List.of(
                      "ALTER TABLE jitgate_request"
                          + " ADD COLUMN IF NOT EXISTS review_entitlement VARCHAR(63)",
                      "CREATE INDEX IF NOT EXISTS jitgate_request_review"
                          + " ON jitgate_request (review_entitlement, created_at)")),
          new Migration(
              4,
              "the hours each request has audit events in, for the audit export",
              dialect ->
                  List.of(
                      "CREATE TABLE IF NOT EXISTS jitgate_audit_hour ("
                          + "hour_start BIGINT NOT NULL, "
                          + "request_id VARCHAR(64)"
                          + dialect.binaryCollation
                          + " NOT NULL, "
                          + "PRIMARY KEY (hour_start, request_id))")),
          // Issue 15: on H2 a large object cost a fifth of a lifecycle's time in the store.
          new Migration(
              5, "request documents kept in their row", dialect -> dialect.documentInRow));

  private JdbcSchema() {}

  /** Brings the database up to {@link #LATEST}. */
  static void migrate(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(c.getMetaData());
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (dialect.advisoryLocks) {
          applyAll(c, dialect);
        } else {
          // H2 commits each DDL statement on its own, and two concurrent CREATE INDEX IF NOT
          // EXISTS can both pass the check and one then fails. An embedded H2 database is used by
          // this JVM alone (H2 locks a database file to one process), so a JVM-wide lock
          // serializes its migrations completely.
          synchronized (EMBEDDED_MIGRATIONS) {
            applyAll(c, dialect);
          }
        }
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "migrating the request store schema failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  /** The highest migration recorded, 0 for none. */
  private static int version(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM jitgate_schema");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void applyAll(Connection c, Dialect dialect) throws SQLException {
    inTransaction(c, dialect, () -> update(c, CREATE_SCHEMA_TABLE));
    for (Migration m : MIGRATIONS) {
      apply(c, dialect, m);
    }
  }

  private static void apply(Connection c, Dialect dialect, Migration m) throws SQLException {
    try {
      inTransaction(
          c,
          dialect,
          () -> {
            int current = version(c);
            if (current > LATEST) {
              throw new StoreException(
                  "the request store schema is at version "
                      + current
                      + ", newer than the "
                      + LATEST
                      + " this build knows: upgrade jitgate");
            }
            if (applied(c, m.version())) {
              return;
            }
            for (String sql : m.statements().apply(dialect)) {
              update(c, sql);
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO jitgate_schema (version, description, applied_at)"
                        + " VALUES (?, ?, CURRENT_TIMESTAMP)")) {
              ps.setInt(1, m.version());
              ps.setString(2, m.description());
              ps.executeUpdate();
            }
          });
    } catch (SQLException e) {
      // Without an advisory lock (H2 in server mode, used from several JVMs), another process may
      // have recorded this migration between our check and our insert. Its statements are
      // idempotent, so that is success.
      if (JdbcRequestStore.isIntegrityViolation(e) && applied(c, m.version())) {
        return;
      }
      throw e;
    }
  }

  private static void inTransaction(Connection c, Dialect dialect, Work work) throws SQLException {
    try {
      if (dialect.advisoryLocks) {
        // Released at commit or rollback. PostgreSQL's DDL is transactional, so the lock makes
        // check-then-migrate atomic across processes.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          ps.setLong(1, MIGRATION_LOCK);
          ps.execute();
        }
      }
      work.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static boolean applied(Connection c, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM jitgate_schema WHERE version = ?")) {
      ps.setInt(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void update(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }

  private record Migration(
      int version, String description, Function<Dialect, List<String>> statements) {}

  @FunctionalInterface
  private interface Work {
    void run() throws SQLException;
  }
}
