package dev.jitgate.port;

import dev.jitgate.domain.AccessRequest;
import java.util.List;

/**
 * One page of due requests, earliest due first, and whether more were due beyond it: the sweep
 * reads the next page only when {@code more} says there is one, so a page that was exactly full
 * costs no extra query.
 */
public record DuePage(List<AccessRequest> items, boolean more) {
  public static final DuePage EMPTY = new DuePage(List.of(), false);

  public DuePage {
    items = List.copyOf(items);
  }

  /**
   * The first {@code limit} of {@code found}, which a store read for {@code limit + 1}: one item
   * beyond the limit says that more are due.
   */
  public static DuePage ofOneMore(List<AccessRequest> found, int limit) {
    return found.size() > limit
        ? new DuePage(found.subList(0, limit), true)
        : new DuePage(found, false);
  }
}
