package dev.jitgate.store.jdbc;

import dev.jitgate.store.StoreException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/** The few ways the supported databases differ for this store. */
enum Dialect {
  H2("CHARACTER LARGE OBJECT", false),
  POSTGRESQL("TEXT", true);

  /** The column type of the request document: unbounded text. */
  final String documentType;

  /**
   * Whether migrations serialize on {@code pg_advisory_xact_lock}; otherwise on the primary key.
   */
  final boolean advisoryLocks;

  Dialect(String documentType, boolean advisoryLocks) {
    this.documentType = documentType;
    this.advisoryLocks = advisoryLocks;
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
