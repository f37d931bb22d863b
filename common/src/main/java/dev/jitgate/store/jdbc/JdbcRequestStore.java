package dev.jitgate.store.jdbc;

import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.PolicyLedger;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.DocumentException;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestKeys;
import dev.jitgate.store.StoreException;
import dev.jitgate.store.StoreRules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link RequestStore} in one SQL table, for embedded H2 and for PostgreSQL. Each row holds the
 * whole request as its JSON document, next to the columns the queries use; every write of an
 * existing request is a compare-and-set on the version column.
 */
public final class JdbcRequestStore implements RequestStore, PolicyLedger, AutoCloseable {

  /**
   * The sweep's query, answered from the {@code jitgate_request_due} index. Ordering by state as
   * well (a constant here) lets H2 read the index in order and stop at the limit.
   */
  static final String DUE_SQL =
      "SELECT id, document FROM jitgate_request"
          + " WHERE state = ? AND due_at <= ? ORDER BY state, due_at LIMIT ?";

  /** The sweep's query for some grant kinds only; the kind is checked on the index's rows. */
  private static final String DUE_OF_KINDS_SQL =
      "SELECT id, document FROM jitgate_request"
          + " WHERE state = ? AND due_at <= ? AND kind IN (%s) ORDER BY state, due_at LIMIT ?";

  private static final String INSERT_SQL =
      "INSERT INTO jitgate_request (id, state, due_at, requester, entitlement, grant_key,"
          + " kind, created_at, version, document, review_entitlement)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_SQL =
      "UPDATE jitgate_request SET state = ?, due_at = ?, requester = ?, entitlement = ?,"
          + " grant_key = ?, kind = ?, created_at = ?, version = ?, document = ?,"
          + " review_entitlement = ? WHERE id = ? AND version = ?";
  private static final String GET_SQL = "SELECT id, document FROM jitgate_request WHERE id = ?";
  private static final String BY_REQUESTER_SQL =
      "SELECT id, document FROM jitgate_request"
          + " WHERE requester = ? ORDER BY created_at DESC LIMIT ?";
  private static final String PENDING_FOR_SQL =
      "SELECT id, document FROM jitgate_request"
          + " WHERE state = ? AND entitlement IN (%s) ORDER BY created_at DESC LIMIT ?";

  /** Issue 14: open break-glass reviews, from the sparse {@code jitgate_request_review} index. */
  private static final String OPEN_REVIEWS_FOR_SQL =
      "SELECT id, document FROM jitgate_request"
          + " WHERE review_entitlement IN (%s) ORDER BY created_at DESC LIMIT ?";

  private static final String ACTIVE_BY_GRANT_KEY_SQL =
      "SELECT id, document FROM jitgate_request WHERE grant_key = ? AND state = ?";

  private static final String AUDIT_HOUR_SQL =
      "SELECT request_id FROM jitgate_audit_hour"
          + " WHERE hour_start = ? AND request_id > ? ORDER BY request_id LIMIT ?";

  /** How many entitlements go into one IN list; more are queried in several rounds. */
  private static final int IN_LIST_SIZE = 200;

  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema it creates or migrates now. The caller keeps
   * ownership of the data source: {@link #close()} leaves it open.
   */
  public JdbcRequestStore(DataSource dataSource) {
    this(dataSource, () -> {});
  }

  /** A store that closes {@code owned} (its connection pool) when it is closed. */
  JdbcRequestStore(DataSource dataSource, AutoCloseable owned) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.owned = Objects.requireNonNull(owned, "owned");
    JdbcSchema.migrate(dataSource);
    try (Connection c = dataSource.getConnection()) {
      this.dialect = Dialect.of(c.getMetaData());
    } catch (SQLException e) {
      throw failure("read which database it is on", e);
    }
  }

  @Override
  public void create(AccessRequest request) {
    RequestKeys keys = RequestKeys.of(request);
    String document = RequestDocument.toJson(request);
    try (Connection c = dataSource.getConnection()) {
      inTransaction(
          c,
          () -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_SQL)) {
              ps.setString(1, keys.id());
              bindRow(ps, 2, keys, document, RequestKeys.approverTaskEntitlement(request));
              ps.executeUpdate();
            }
            indexAuditHours(c, request);
            return true;
          });
    } catch (SQLException e) {
      if (isIntegrityViolation(e)) {
        throw new ConflictException("request " + request.id() + " already exists");
      }
      throw failure("create request " + request.id(), e);
    }
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    List<AccessRequest> found =
        query("read request " + id, GET_SQL, ps -> ps.setString(1, id.value()));
    return found.stream().findFirst();
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    StoreRules.requireNewerVersion(next, expectedVersion);
    RequestKeys keys = RequestKeys.of(next);
    String document = RequestDocument.toJson(next);
    try (Connection c = dataSource.getConnection()) {
      return inTransaction(
          c,
          () -> {
            try (PreparedStatement ps = c.prepareStatement(UPDATE_SQL)) {
              int i = bindRow(ps, 1, keys, document, RequestKeys.approverTaskEntitlement(next));
              ps.setString(i, keys.id());
              ps.setLong(i + 1, expectedVersion);
              // The UPDATE is the compare-and-set: H2 and PostgreSQL both lock the row, and a
              // writer that waited for the lock re-checks the WHERE against the committed row
              // (READ COMMITTED), so exactly one of several racing writers matches. The audit-hour
              // rows commit with it.
              if (ps.executeUpdate() != 1) {
                return false;
              }
            }
            indexAuditHours(c, next);
            return true;
          });
    } catch (SQLException e) {
      throw failure("update request " + next.id(), e);
    }
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    if (!StoreRules.wantsItems(limit) || kinds.isEmpty()) {
      return List.of();
    }
    boolean allKinds = kinds.containsAll(EnumSet.allOf(GrantKind.class));
    List<GrantKind> some = List.copyOf(kinds);
    String sql =
        allKinds
            ? DUE_SQL
            : DUE_OF_KINDS_SQL.formatted(String.join(", ", Collections.nCopies(some.size(), "?")));
    List<AccessRequest> found =
        query(
            "list due " + state + " requests",
            sql,
            ps -> {
              int i = 1;
              ps.setString(i++, state.name());
              ps.setLong(i++, RequestKeys.millis(now));
              if (!allKinds) {
                for (GrantKind kind : some) {
                  ps.setString(i++, kind.id());
                }
              }
              ps.setInt(i, limit);
            });
    // The column holds whole milliseconds; the document has the exact due time.
    return StoreRules.earliestDueFirst(
        found.stream().filter(r -> StoreRules.isDue(r, state, kinds, now)).toList(), limit);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    return query(
        "list the requests of a requester",
        BY_REQUESTER_SQL,
        ps -> {
          ps.setString(1, requester.email());
          ps.setInt(2, limit);
        });
  }

  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<String> ids = entitlements.stream().map(EntitlementId::value).distinct().toList();
    List<AccessRequest> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE));
      String sql =
          PENDING_FOR_SQL.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?")));
      found.addAll(
          query(
              "list pending requests",
              sql,
              ps -> {
                ps.setString(1, RequestState.PENDING.name());
                int i = 2;
                for (String id : chunk) {
                  ps.setString(i++, id);
                }
                ps.setInt(i, limit);
              }));
    }
    return StoreRules.newestFirst(found, limit);
  }

  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    List<String> ids = entitlements.stream().map(EntitlementId::value).distinct().toList();
    List<AccessRequest> found = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IN_LIST_SIZE) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_SIZE));
      String sql =
          OPEN_REVIEWS_FOR_SQL.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?")));
      found.addAll(
          query(
              "list open break-glass reviews",
              sql,
              ps -> {
                int i = 1;
                for (String id : chunk) {
                  ps.setString(i++, id);
                }
                ps.setInt(i, limit);
              }));
    }
    return StoreRules.newestFirst(found.stream().filter(r -> r.waitsOnApprovers()).toList(), limit);
  }

  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    return query(
        "list active requests by grant key",
        ACTIVE_BY_GRANT_KEY_SQL,
        ps -> {
          ps.setString(1, key.value());
          ps.setString(2, RequestState.ACTIVE.name());
        });
  }

  @Override
  public List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
    if (!StoreRules.wantsItems(limit)) {
      return List.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(AUDIT_HOUR_SQL)) {
      ps.setLong(1, AuditHours.hourOf(hour).toEpochMilli());
      // Ids are URL-safe ASCII, all after the empty string.
      ps.setString(2, after.map(RequestId::value).orElse(""));
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<RequestId> ids = new ArrayList<>();
        while (rs.next()) {
          ids.add(new RequestId(rs.getString(1)));
        }
        return List.copyOf(ids);
      }
    } catch (SQLException e) {
      throw failure("list the requests with audit events in an hour", e);
    }
  }

  /** Releases the connection pool, when this store owns one. */
  @Override
  public void close() {
    try {
      owned.close();
    } catch (Exception e) {
      throw new StoreException("closing the request store failed", e);
    }
  }

  @Override
  public Optional<Entry> recordedPolicy() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT digest, deployment, recorded_at, audit_key_fingerprint"
                    + " FROM jitgate_policy WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(
              rs.getString(1),
              rs.getString(2),
              Instant.ofEpochMilli(rs.getLong(3)),
              rs.getString(4)));
    } catch (SQLException e) {
      throw failure("reading the policy ledger", e);
    }
  }

  @Override
  public boolean recordPolicy(Entry next, Optional<Entry> expected) {
    try (Connection c = dataSource.getConnection()) {
      if (expected.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jitgate_policy"
                    + " (id, digest, deployment, recorded_at, audit_key_fingerprint)"
                    + " VALUES (1, ?, ?, ?, ?)")) {
          bindEntry(ps, next);
          return ps.executeUpdate() == 1;
        } catch (SQLException e) {
          if (isIntegrityViolation(e)) {
            return false;
          }
          throw e;
        }
      }
      Entry was = expected.get();
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE jitgate_policy"
                  + " SET digest = ?, deployment = ?, recorded_at = ?, audit_key_fingerprint = ?"
                  + " WHERE id = 1 AND digest = ? AND deployment = ? AND recorded_at = ?")) {
        bindEntry(ps, next);
        ps.setString(5, was.digest());
        ps.setString(6, was.deployment());
        ps.setLong(7, was.at().toEpochMilli());
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw failure("recording the policy in the ledger", e);
    }
  }

  private static void bindEntry(PreparedStatement ps, Entry entry) throws SQLException {
    ps.setString(1, entry.digest());
    ps.setString(2, entry.deployment());
    ps.setLong(3, entry.at().toEpochMilli());
    ps.setString(4, entry.auditKeyFingerprint());
  }

  /** The data source, for tests that look at the tables themselves. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Adds the hours of the request's events to the index; rows already there stay. */
  private void indexAuditHours(Connection c, AccessRequest request) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.insertAuditHour)) {
      for (long hour : AuditHours.of(request.events())) {
        ps.setLong(1, hour);
        ps.setString(2, request.id().value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Runs {@code work} in one transaction on {@code c}, restoring its auto-commit after. */
  private static boolean inTransaction(Connection c, Work work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      boolean done = work.run();
      if (done) {
        c.commit();
      } else {
        c.rollback();
      }
      return done;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** SQLState class 23: a unique, primary key or other integrity constraint refused the write. */
  static boolean isIntegrityViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private List<AccessRequest> query(String operation, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<AccessRequest> found = new ArrayList<>();
        while (rs.next()) {
          found.add(read(rs.getString(1), rs.getString(2)));
        }
        return List.copyOf(found);
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private static AccessRequest read(String id, String document) {
    try {
      return RequestDocument.fromJson(document);
    } catch (DocumentException e) {
      throw new DocumentException("stored request " + id + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Binds the columns after the id, from {@code first}; returns the next parameter index. */
  private static int bindRow(
      PreparedStatement ps, int first, RequestKeys keys, String document, String review)
      throws SQLException {
    int i = first;
    ps.setString(i++, keys.state());
    if (keys.dueAtMillis() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, keys.dueAtMillis());
    }
    ps.setString(i++, keys.requester());
    ps.setString(i++, keys.entitlement());
    ps.setString(i++, keys.grantKey());
    ps.setString(i++, keys.kind());
    ps.setLong(i++, keys.createdAtMillis());
    ps.setLong(i++, keys.version());
    ps.setString(i++, document);
    ps.setString(i++, review);
    return i;
  }

  private static StoreException failure(String operation, SQLException e) {
    return new StoreException(
        "the request store could not " + operation + " (SQLState " + e.getSQLState() + ")", e);
  }

  @FunctionalInterface
  private interface Work {
    boolean run() throws SQLException;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }
}
