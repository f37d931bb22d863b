package dev.jitgate.port;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where requests live, with their audit events inside them. Every write of an existing request is a
 * compare-and-set on its version, so a transition and its audit event land together or not at all,
 * and concurrent writers cannot both win.
 */
public interface RequestStore {

  /**
   * Stores a new request.
   *
   * @throws dev.jitgate.domain.ConflictException if a request with that id already exists
   */
  void create(AccessRequest request);

  Optional<AccessRequest> get(RequestId id);

  /**
   * Replaces the stored request with {@code next} if the stored version is still {@code
   * expectedVersion}.
   *
   * @return false, and nothing written, when the request changed since it was read or is missing
   */
  boolean update(AccessRequest next, long expectedVersion);

  /**
   * Requests in {@code state} of one of {@code kinds} whose due time is at or before {@code now},
   * earliest due first, at most {@code limit} of them. Answered from an index: its cost follows the
   * due items only. A deployment asks only for the kinds it has providers for, so that items
   * another cloud's deployment handles never fill its batches.
   */
  List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit);

  /**
   * As {@link #due}, with whether more than {@code limit} were due, found in the same read: the
   * store reads one item beyond the limit, never a second page, so that the sweep makes no query
   * after a page that was exactly full. A store whose index can tell this more cheaply overrides
   * it.
   */
  default DuePage duePage(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    if (limit < 1 || limit == Integer.MAX_VALUE) {
      return new DuePage(due(state, kinds, now, limit), false);
    }
    return DuePage.ofOneMore(due(state, kinds, now, limit + 1), limit);
  }

  /** {@code requester}'s requests, newest first, at most {@code limit}. */
  List<AccessRequest> byRequester(UserId requester, int limit);

  /** PENDING requests for any of {@code entitlements}, newest first, at most {@code limit}. */
  List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit);

  /**
   * Requests of any of {@code entitlements} that wait on their approvers outside PENDING ({@link
   * AccessRequest#waitsOnApprovers()}: an open break-glass review in any state, or an ACTIVE
   * request's extension waiting for approval), newest first, at most {@code limit}. Answered from a
   * sparse index of those requests only, so its cost follows them, never history. The index keeps
   * the names it shipped with for open reviews (a column {@code review_entitlement}, a key {@code
   * review#…}, a partition {@code rvw:…}, a field {@code reviewEntitlement}): renaming stored
   * schema would need a migration for no gain.
   */
  List<AccessRequest> waitingOnApproversFor(Collection<EntitlementId> entitlements, int limit);

  /** The ACTIVE requests that hold the cloud artifact named by {@code key}. */
  List<AccessRequest> activeByGrantKey(GrantKey key);

  /**
   * The ids of requests with at least one audit event in the UTC hour that starts at {@code hour}
   * ({@link dev.jitgate.audit.AuditHours}), ordered by id, only ids after {@code after} when it is
   * given, at most {@code limit}. Answered from an index of hours, so an audit export reads only
   * the requests with events in its range. The index may name a request whose write then failed;
   * the caller reads the request and keeps only the events that are really in the hour.
   */
  default List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " keeps no index of audit events by hour");
  }
}
