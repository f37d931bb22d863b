package dev.jitgate.store.jdbc;

import dev.jitgate.store.StoreException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;

/** The few ways the supported databases differ for this store. */
enum Dialect {
  H2(
      "CHARACTER LARGE OBJECT",
      List.of("ALTER TABLE jitgate_request ALTER COLUMN document SET DATA TYPE CHARACTER VARYING"),
      false,
      "",
      "MERGE INTO jitgate_audit_hour (hour_start, request_id) KEY (hour_start, request_id) VALUES (?, ?)"),
  POSTGRESQL(
      "TEXT",
      List.of(),
      true,
      " COLLATE \"C\"",
      "INSERT INTO jitgate_audit_hour (hour_start, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING");

  /** The column type the request document was created with: unbounded text. */
  final String documentType;

  /**
   * What keeps the document in its row, where the first type stored it apart: H2 keeps a large
   * object over 256 bytes in a separate map, read through a {@code Reader} and copied on every
   * update, while its {@code CHARACTER VARYING} (up to 10^9 characters) lives in the row.
   * PostgreSQL's {@code TEXT} already does, compressing and moving out only what is large.
   */
  final List<String> documentInRow;

  /**
   * Whether migrations serialize on {@code pg_advisory_xact_lock}; otherwise on the primary key.
   */
  final boolean advisoryLocks;

  /** Adds a row to the audit-hour index unless it is there already. */
  final String insertAuditHour;

  /**
   * The collation that orders ids by their bytes, as the cloud stores do, so pages of the hour
   * index continue where they ended whatever the database's locale.
   */
  final String binaryCollation;

  Dialect(
      String documentType,
      List<String> documentInRow,
      boolean advisoryLocks,
      String binaryCollation,
      String insertAuditHour) {
    this.binaryCollation = binaryCollation;
    this.documentType = documentType;
    this.documentInRow = documentInRow;
    this.advisoryLocks = advisoryLocks;
    this.insertAuditHour = insertAuditHour;
  }

  static Dialect of(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName();
    if ("H2".equals(product)) {
      return H2;
    }
    if ("PostgreSQL".equals(product)) {
      return POSTGRESQL;
    }
    throw new StoreException("the request store supports H2 and PostgreSQL, not " + product);
  }
}
