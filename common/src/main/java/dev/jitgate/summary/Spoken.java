package dev.jitgate.summary;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Durations and times as people say them.
 *
 * <p>A duration is its whole days, hours, minutes and seconds, largest first, each part that is not
 * zero spelt out: {@code PT1H} is "1 hour", {@code PT90M} is "1 hour 30 minutes", {@code P1DT2H} is
 * "1 day 2 hours".
 *
 * <p>A time is UTC to the minute with a hint relative to now, rounded down to whole minutes under
 * an hour, whole hours under two days, whole days beyond: "2026-03-02 13:00 UTC (in 4 hours)", "(3
 * minutes ago)", "(now)" within a minute.
 */
public final class Spoken {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Spoken() {}

  /** A duration such as "1 hour 30 minutes"; "0 seconds" when it is zero. */
  public static String duration(Duration d) {
    Duration abs = d.abs();
    List<String> parts = new ArrayList<>();
    add(parts, abs.toDays(), "day");
    add(parts, abs.toHoursPart(), "hour");
    add(parts, abs.toMinutesPart(), "minute");
    add(parts, abs.toSecondsPart(), "second");
    return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
  }

  /** A time in UTC to the minute, such as "2026-03-02 09:00 UTC". */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** How far {@code t} is from {@code now}: "in 4 hours", "3 minutes ago" or "now". */
  public static String relative(Instant t, Instant now) {
    Duration d = Duration.between(now, t);
    Duration abs = d.abs();
    if (abs.toMinutes() < 1) {
      return "now";
    }
    String amount;
    if (abs.toMinutes() < 60) {
      amount = count(abs.toMinutes(), "minute");
    } else if (abs.toHours() < 48) {
      amount = count(abs.toHours(), "hour");
    } else {
      amount = count(abs.toDays(), "day");
    }
    return d.isNegative() ? amount + " ago" : "in " + amount;
  }

  /** A time with its relative hint: "2026-03-02 13:00 UTC (in 4 hours)". */
  public static String timeFrom(Instant t, Instant now) {
    return time(t) + " (" + relative(t, now) + ")";
  }

  /** "1 time", "3 times": a count with its noun. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static void add(List<String> parts, long n, String noun) {
    if (n > 0) {
      parts.add(count(n, noun));
    }
  }
}
