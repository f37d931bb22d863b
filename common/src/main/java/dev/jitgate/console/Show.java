package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.AccessRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console shows times, durations and states: short, in UTC, escaped. */
final class Show {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Show() {}

  /** A {@code <time>} element, such as "2026-12-04 10:00 UTC". */
  static String time(Instant at) {
    if (at == null) {
      return "";
    }
    return "<time datetime=\"" + escape(at.toString()) + "\">" + TIME.format(at) + "</time>";
  }

  /** A duration in words: "1 h 30 min", "15 min", "45 s". */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes == 0) {
      return d.toSeconds() + " s";
    }
    long h = minutes / 60;
    long m = minutes % 60;
    if (h == 0) {
      return m + " min";
    }
    return m == 0 ? h + " h" : h + " h " + m + " min";
  }

  /** What is left of an ACTIVE request's window, or of a PENDING one's approval deadline. */
  static String timeLeft(AccessRequest r, Instant now) {
    Instant end =
        switch (r.state()) {
          case ACTIVE -> r.window() == null ? null : r.window().end();
          case PENDING -> r.approvalDeadline();
          default -> null;
        };
    if (end == null) {
      return "";
    }
    Duration left = Duration.between(now, end);
    if (left.isNegative() || left.isZero()) {
      return "ending now";
    }
    return duration(left.withNanos(0))
        + (r.state().name().equals("ACTIVE") ? " left" : " to decide");
  }

  /** The state as a badge. */
  static String state(AccessRequest r) {
    String name = r.state().name();
    return "<span class=\"state state-" + name + "\">" + name + "</span>";
  }
}
