package dev.jitgate.store;

import dev.jitgate.domain.AccessRequest;
import java.time.Instant;

/**
 * The values a store indexes a request by, derived the same way by every store. Times are epoch
 * milliseconds, truncated; the request document keeps the exact instants.
 *
 * @param dueAtMillis null when the sweep has nothing left to do for the request
 */
public record RequestKeys(
    String id,
    String state,
    Long dueAtMillis,
    String requester,
    String entitlement,
    String grantKey,
    String kind,
    long createdAtMillis,
    long version) {

  public static RequestKeys of(AccessRequest request) {
    return new RequestKeys(
        request.id().value(),
        request.state().name(),
        request.dueAt() == null ? null : millis(request.dueAt()),
        request.requester().email(),
        request.entitlement().value(),
        request.grantKey().value(),
        request.grant().kind().id(),
        millis(request.createdAt()),
        request.version());
  }

  /**
   * The entitlement under which a store indexes {@code request} as waiting on its approvers outside
   * PENDING (an open break-glass review, a pending extension), or null when it does not. Stores
   * index it sparsely, so that the approver queue reads those requests only, never history.
   */
  public static String approverTaskEntitlement(AccessRequest request) {
    return request.waitsOnApprovers() ? request.entitlement().value() : null;
  }

  /**
   * An instant as epoch milliseconds, rounded down. A query for "due at or before {@code now}" on
   * these values can include requests due later within the same millisecond, so a store filters its
   * candidates on the exact {@link AccessRequest#dueAt()} as well.
   */
  public static long millis(Instant instant) {
    return instant.toEpochMilli();
  }
}
