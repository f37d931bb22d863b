package dev.jitgate.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The hours a request has audit events in: every store indexes a request under each of them, so an
 * export of a time range reads only the requests that have events in that range's hours.
 */
public final class AuditHours {
  private AuditHours() {}

  /** The start of the UTC hour holding {@code at}. */
  public static Instant hourOf(Instant at) {
    return at.truncatedTo(ChronoUnit.HOURS);
  }

  /** The distinct hours of a request's {@code events}, as epoch milliseconds, earliest first. */
  public static SortedSet<Long> of(List<AuditEvent> events) {
    SortedSet<Long> hours = new TreeSet<>();
    for (AuditEvent event : events) {
      hours.add(hourOf(event.at()).toEpochMilli());
    }
    return hours;
  }
}
