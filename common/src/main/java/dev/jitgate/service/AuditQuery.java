package dev.jitgate.service;

import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * One page of an audit export: events at or after {@code from} and before {@code to}, at most
 * {@code limit} of them, continuing after {@code after} when a previous page ended there. The range
 * is at most {@link #MAX_RANGE}; a longer period is exported as several ranges.
 */
public record AuditQuery(Instant from, Instant to, Optional<Cursor> after, int limit) {
  /** The longest range one export covers: the index is read hour by hour. */
  public static final Duration MAX_RANGE = Duration.ofDays(31);

  /** Events per page when the caller does not say. */
  public static final int DEFAULT_LIMIT = 1000;

  /**
   * The most events one page holds: about 3 MB of JSON Lines, within the 6 MB a Lambda response may
   * carry, since a serverless platform buffers the whole page.
   */
  public static final int MAX_LIMIT = 5000;

  public AuditQuery {
    if (!from.isBefore(to)) {
      throw new InvalidRequestException("'from' must be before 'to'");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new InvalidRequestException(
          "a range is at most 31 days (P31D); export a longer period as several ranges");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("'limit' must be between 1 and " + MAX_LIMIT);
    }
    if (after.isPresent()) {
      Instant hour = after.get().hour();
      if (hour.isBefore(AuditHours.hourOf(from)) || !hour.isBefore(to)) {
        throw new InvalidRequestException("'after' belongs to another range");
      }
    }
  }

  /**
   * The query of the API's parameters: {@code from} and {@code to} are ISO-8601 instants with a
   * zone offset ({@code 2026-12-01T00:00:00Z}), {@code limit} is optional, and {@code after} is the
   * {@code next} of the previous page's end line.
   */
  public static AuditQuery parse(
      Optional<String> from, Optional<String> to, Optional<String> limit, Optional<String> after) {
    return new AuditQuery(
        instant("from", from),
        instant("to", to),
        after.map(Cursor::decode),
        limit.map(AuditQuery::limit).orElse(DEFAULT_LIMIT));
  }

  private static Instant instant(String name, Optional<String> text) {
    if (text.isEmpty() || text.get().isBlank()) {
      throw new InvalidRequestException(
          "'" + name + "' is required: an ISO-8601 instant such as 2026-12-01T00:00:00Z");
    }
    try {
      return OffsetDateTime.parse(text.get()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "'" + name + "' is not an ISO-8601 instant with an offset, such as 2026-12-01T00:00:00Z");
    }
  }

  private static int limit(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("'limit' must be a whole number up to " + MAX_LIMIT);
    }
  }

  /**
   * Where a page ended: the hour being read, the request and the last event written. Opaque to
   * clients: base64url of {@code hourMillis:requestId:seq}.
   */
  public record Cursor(Instant hour, RequestId request, long seq) {

    public String encode() {
      String raw = hour.toEpochMilli() + ":" + request.value() + ":" + seq;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor decode(String text) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        String[] parts = raw.split(":", -1);
        if (parts.length == 3 && RequestId.isValid(parts[1])) {
          Instant hour = Instant.ofEpochMilli(Long.parseLong(parts[0]));
          long seq = Long.parseLong(parts[2]);
          if (hour.equals(AuditHours.hourOf(hour)) && seq > 0) {
            return new Cursor(hour, new RequestId(parts[1]), seq);
          }
        }
      } catch (IllegalArgumentException e) {
        // Falls through to the one answer for every malformed cursor.
      }
      throw new InvalidRequestException(
          "'after' is not a cursor this server gave: pass the 'next' of the previous page's end");
    }
  }
}
