package dev.jitgate.slack;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the signatures of the Slack requests this instance accepted, until their timestamp
 * leaves the 5-minute window, so the same signed request is taken once. It is in memory and per
 * instance: on a serverless deployment a replay that reaches another instance passes this guard,
 * and the request's own state machine then refuses a second decision (409). At most {@code
 * capacity} entries are kept; only requests that carry a valid signature are remembered, so only
 * Slack can fill it.
 */
final class ReplayGuard {
  private final int capacity;
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  ReplayGuard(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /**
   * True the first time {@code signature} is offered before {@code forgetAt}; false for a replay.
   */
  synchronized boolean firstTime(String signature, Instant forgetAt, Instant now) {
    for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
      if (!it.next().isAfter(now)) {
        it.remove();
      }
    }
    if (seen.containsKey(signature)) {
      return false;
    }
    if (seen.size() >= capacity) {
      // Full of live entries: forget the oldest. Only requests Slack signed get here, so this
      // takes more than `capacity` real clicks within five minutes.
      Iterator<String> oldest = seen.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    seen.put(signature, forgetAt);
    return true;
  }
}
