package dev.jitgate.azure.store;

import com.azure.data.tables.models.TableEntity;
import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.store.RequestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index entities that stand in for the secondary indexes Table storage lacks. Each query reads
 * one partition, in RowKey order, and each entity names its request:
 *
 * <table>
 *   <caption>Index entities</caption>
 *   <tr><th>query</th><th>PartitionKey</th><th>RowKey</th><th>present while</th></tr>
 *   <tr><td>due</td><td>{@code due:<STATE>:<kind>}</td><td>due time, then id</td>
 *       <td>the request has a due time</td></tr>
 *   <tr><td>by requester</td><td>{@code usr:<email>}</td><td>creation time descending, then id</td>
 *       <td>always</td></tr>
 *   <tr><td>pending</td><td>{@code pnd:<entitlement>}</td><td>creation time descending, then id
 *       </td><td>the request is PENDING</td></tr>
 *   <tr><td>open review (issue 14)</td><td>{@code rvw:<entitlement>}</td><td>creation time
 *       descending, then id</td><td>a break-glass review is open</td></tr>
 *   <tr><td>active</td><td>{@code act:<grant key>}</td><td>id</td>
 *       <td>the request is ACTIVE</td></tr>
 *   <tr><td>audit export</td><td>{@code aud:<hour>}</td><td>id</td>
 *       <td>always, one per UTC hour the request has events in</td></tr>
 * </table>
 *
 * <p>Times are {@link TableKeys#sortable} epoch milliseconds, so that RowKey order is time order
 * and "due at or before now" is one range. Partitioning the due index by kind as well as state lets
 * a deployment read only the kinds it handles. Every index entity also carries the request's id,
 * the version it was written for, and when it was written.
 */
final class IndexEntries {

  static final String ID = "id";
  static final String VERSION = "version";
  static final String WRITTEN_AT = "writtenAt";

  private static final String DUE = "due:";
  private static final String BY_REQUESTER = "usr:";
  private static final String PENDING = "pnd:";
  private static final String ACTIVE = "act:";
  private static final String REVIEW = "rvw:";
  private static final String AUDIT_HOUR = "aud:";
  private static final char SEPARATOR = ':';

  private IndexEntries() {}

  /** One index entity's key: {@link #ref()} names it in a single string. */
  record Entry(String partition, String row) {
    /** {@code partition/row}: '/' never occurs in a key, so the reference is unambiguous. */
    String ref() {
      return partition + "/" + row;
    }

    static Entry ofRef(String ref) {
      int slash = ref.indexOf('/');
      return new Entry(ref.substring(0, slash), ref.substring(slash + 1));
    }
  }

  /** The index entities {@code request} must have while it is stored as it is now. */
  static List<Entry> of(AccessRequest request) {
    RequestKeys keys = RequestKeys.of(request);
    String id = keys.id();
    List<Entry> entries = new ArrayList<>(4);
    String created = TableKeys.sortableDescending(keys.createdAtMillis()) + SEPARATOR + id;
    entries.add(new Entry(requesterPartition(request.requester()), created));
    if (keys.dueAtMillis() != null) {
      entries.add(
          new Entry(
              duePartition(request.state(), request.grant().kind()),
              TableKeys.sortable(keys.dueAtMillis()) + SEPARATOR + id));
    }
    if (request.state() == RequestState.PENDING) {
      entries.add(new Entry(pendingPartition(request.entitlement()), created));
    }
    if (request.state() == RequestState.ACTIVE) {
      entries.add(new Entry(activePartition(request.grantKey()), id));
    }
    if (request.waitsOnApprovers()) {
      entries.add(new Entry(reviewPartition(request.entitlement()), created));
    }
    // A request keeps its events, so it keeps these entries: each is written once, by the first
    // write with an event in its hour.
    for (long hour : AuditHours.of(request.events())) {
      entries.add(new Entry(auditHourPartition(hour), id));
    }
    return entries;
  }

  /** The index entity for {@code entry} of version {@code version} of request {@code id}. */
  static TableEntity entity(Entry entry, String id, long version, Instant writtenAt) {
    return new TableEntity(entry.partition(), entry.row())
        .addProperty(ID, id)
        .addProperty(VERSION, version)
        .addProperty(WRITTEN_AT, writtenAt.toEpochMilli());
  }

  static String duePartition(RequestState state, GrantKind kind) {
    return DUE + state.name() + SEPARATOR + kind.id();
  }

  /**
   * The RowKey bound below which the due partition holds every request due at or before {@code now}
   * in whole milliseconds: the next millisecond's digits, which sort after every RowKey of {@code
   * now}'s millisecond (a longer string with the same prefix) and before the next one's.
   */
  static String dueBefore(Instant now) {
    return TableKeys.sortable(Math.addExact(RequestKeys.millis(now), 1));
  }

  /** The partition of the requests with audit events in the hour starting at {@code hourMillis}. */
  static String auditHourPartition(long hourMillis) {
    return AUDIT_HOUR + TableKeys.sortable(hourMillis);
  }

  static String requesterPartition(UserId requester) {
    return BY_REQUESTER + TableKeys.part(requester.email());
  }

  static String pendingPartition(EntitlementId entitlement) {
    return PENDING + TableKeys.part(entitlement.value());
  }

  static String reviewPartition(EntitlementId entitlement) {
    return REVIEW + TableKeys.part(entitlement.value());
  }

  static String activePartition(GrantKey key) {
    return ACTIVE + TableKeys.part(key.value());
  }

  /**
   * The part of a RowKey that orders it: entries that share it (the same millisecond) are in no
   * particular order among themselves, so a bounded read takes all of them before it cuts.
   */
  static String orderingPart(String row) {
    return row.length() > TableKeys.SORTABLE_WIDTH
        ? row.substring(0, TableKeys.SORTABLE_WIDTH)
        : row;
  }
}
