package dev.jitgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and verifies hash chains of audit events. Each request has its own chain, anchored on a
 * genesis hash derived from the request id, so events cannot be moved between requests unnoticed.
 */
public final class AuditChain {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private AuditChain() {}

  /** The {@code prev} of a chain's first event. */
  public static String genesis(String requestId) {
    return sha256Hex("jitgate:" + requestId);
  }

  /** The next event after {@code events}, linked to the last one. */
  public static AuditEvent next(
      String requestId,
      List<AuditEvent> events,
      Instant at,
      AuditType type,
      String actor,
      Map<String, String> details) {
    long seq = events.size() + 1L;
    String prev = events.isEmpty() ? genesis(requestId) : events.get(events.size() - 1).hash();
    Map<String, String> sorted = new TreeMap<>(details == null ? Map.of() : details);
    return new AuditEvent(
        seq, at, type, actor, sorted, prev, hash(prev, seq, at, type, actor, sorted), null);
  }

  /** Appends the next event to a copy of {@code events}. */
  public static List<AuditEvent> append(
      String requestId,
      List<AuditEvent> events,
      Instant at,
      AuditType type,
      String actor,
      Map<String, String> details) {
    List<AuditEvent> out = new ArrayList<>(events);
    out.add(next(requestId, events, at, type, actor, details));
    return List.copyOf(out);
  }

  /**
   * Checks that the events form an unbroken chain for this request: every event is unedited, none
   * is missing or out of order.
   */
  public static Verification verify(String requestId, List<AuditEvent> events) {
    String expectedPrev = genesis(requestId);
    for (int i = 0; i < events.size(); i++) {
      AuditEvent e = events.get(i);
      if (e.seq() != i + 1L) {
        return Verification.broken(i + 1L, "event " + (i + 1) + " has seq " + e.seq());
      }
      if (!MessageDigest.isEqual(ascii(e.prev()), ascii(expectedPrev))) {
        return Verification.broken(
            e.seq(), "event " + e.seq() + " does not follow its predecessor");
      }
      String actual = hash(e.prev(), e.seq(), e.at(), e.type(), e.actor(), e.details());
      if (!MessageDigest.isEqual(ascii(e.hash()), ascii(actual))) {
        return Verification.broken(e.seq(), "event " + e.seq() + " was altered");
      }
      expectedPrev = e.hash();
    }
    return Verification.VALID;
  }

  /**
   * Whether {@code event}'s hash is the hash of its own content and {@code prev}: true for an event
   * nobody edited, whatever chain it is read from (an export may hold only part of a chain).
   */
  public static boolean intact(AuditEvent event) {
    String actual =
        hash(event.prev(), event.seq(), event.at(), event.type(), event.actor(), event.details());
    return MessageDigest.isEqual(ascii(event.hash()), ascii(actual));
  }

  /** The canonical JSON of an event's content: sorted keys, no whitespace. */
  public static String canonicalJson(
      long seq, Instant at, AuditType type, String actor, Map<String, String> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("actor", actor);
    body.put("at", at.toString());
    body.put("details", new TreeMap<>(details));
    body.put("seq", seq);
    body.put("type", type.id());
    try {
      return CANONICAL.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit event cannot be serialized", e);
    }
  }

  private static String hash(
      String prev,
      long seq,
      Instant at,
      AuditType type,
      String actor,
      Map<String, String> details) {
    return sha256Hex(prev + canonicalJson(seq, at, type, actor, details));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The outcome of {@link #verify}: valid, or the first event that breaks the chain and why. */
  public record Verification(boolean valid, long firstBadSeq, String problem) {
    public static final Verification VALID = new Verification(true, 0, "");

    public static Verification broken(long seq, String problem) {
      return new Verification(false, seq, problem);
    }
  }
}
