package dev.jitgate.store.jdbc;

import dev.jitgate.store.StoreException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** The few ways the supported databases differ for this store. */
enum Dialect {
  H2(
      "CHARACTER LARGE OBJECT",
      false,
      "",
      "MERGE INTO jitgate_audit_hour (hour_start, request_id) KEY (hour_start, request_id) VALUES (?, ?)"),
  POSTGRESQL(
      "TEXT",
      true,
      " COLLATE \"C\"",
      "INSERT INTO jitgate_audit_hour (hour_start, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING");

  /** The column type of the request document: unbounded text. */
  final String documentType;

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
      String documentType, boolean advisoryLocks, String binaryCollation, String insertAuditHour) {
    this.binaryCollation = binaryCollation;
    this.documentType = documentType;
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
