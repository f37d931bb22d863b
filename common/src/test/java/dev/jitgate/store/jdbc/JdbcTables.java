package dev.jitgate.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct looks at a JDBC store's tables, for tests. */
final class JdbcTables {
  private JdbcTables() {}

  static void deleteAllRequests(JdbcRequestStore store) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM jitgate_request");
        PreparedStatement hours = c.prepareStatement("DELETE FROM jitgate_audit_hour")) {
      ps.executeUpdate();
      hours.executeUpdate();
    }
  }

  /** Every migration's version, each recorded once: 1 to {@link JdbcSchema#LATEST}. */
  static List<Integer> everyMigration() {
    return java.util.stream.IntStream.rangeClosed(1, JdbcSchema.LATEST).boxed().toList();
  }

  /** The versions recorded in {@code jitgate_schema}, in order. */
  static List<Integer> schemaVersions(JdbcRequestStore store) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT version FROM jitgate_schema ORDER BY version");
        ResultSet rs = ps.executeQuery()) {
      List<Integer> versions = new ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      return versions;
    }
  }
}
