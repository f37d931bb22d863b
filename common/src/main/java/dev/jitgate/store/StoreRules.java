package dev.jitgate.store;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The rules every {@link dev.jitgate.port.RequestStore} implementation applies the same way: the
 * version and limit preconditions, the orders of its lists, and the exact due filter that corrects
 * an index holding coarser times than the document.
 */
public final class StoreRules {
  private static final Comparator<AccessRequest> EARLIEST_DUE_FIRST =
      Comparator.comparing(AccessRequest::dueAt);
  private static final Comparator<AccessRequest> NEWEST_FIRST =
      Comparator.comparing(AccessRequest::createdAt).reversed();

  private StoreRules() {}

  /**
   * Refuses an update whose next version is not above the expected one: a store must never write a
   * request back to an older or equal version.
   */
  public static void requireNewerVersion(AccessRequest next, long expectedVersion) {
    if (next.version() <= expectedVersion) {
      throw new IllegalArgumentException(
          "the next version of request "
              + next.id()
              + " must be above "
              + expectedVersion
              + ", not "
              + next.version());
    }
  }

  /** Whether {@code limit} asks for any items; a negative limit is refused. */
  public static boolean wantsItems(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a limit cannot be negative: " + limit);
    }
    return limit > 0;
  }

  /**
   * Whether {@code request}, found through a due index, is really due: in {@code state}, of one of
   * {@code kinds}, with its exact due time at or before {@code now}.
   */
  public static boolean isDue(
      AccessRequest request, RequestState state, Set<GrantKind> kinds, Instant now) {
    return request.state() == state
        && kinds.contains(request.grant().kind())
        && request.dueAt() != null
        && !request.dueAt().isAfter(now);
  }

  /** The first {@code limit} of {@code found}, earliest due first. */
  public static List<AccessRequest> earliestDueFirst(Collection<AccessRequest> found, int limit) {
    return found.stream().sorted(EARLIEST_DUE_FIRST).limit(limit).toList();
  }

  /** The first {@code limit} of {@code found}, newest first. */
  public static List<AccessRequest> newestFirst(Collection<AccessRequest> found, int limit) {
    return found.stream().sorted(NEWEST_FIRST).limit(limit).toList();
  }
}
