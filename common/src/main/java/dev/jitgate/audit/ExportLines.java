package dev.jitgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines of an audit export, written by the server and read by {@code verify-audit}. Each event
 * is the same JSON line the audit log carries ({@link JsonLinesAuditSink#line}); the export ends
 * with one line {@code {"log":"jitgate.audit.end", ...}} giving the range, the event count, the
 * SHA-256 of every byte before it and a seal over those with the audit key. A file without that
 * line was cut off.
 */
public final class ExportLines {
  /** The {@code log} tag of an event line. */
  public static final String EVENT = "jitgate.audit";

  /** The {@code log} tag of the end line. */
  public static final String END = "jitgate.audit.end";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportLines() {}

  /** The end line of an export, sealed with {@code key}, with its newline. */
  public static String endLine(End end, AuditKey key) {
    ObjectNode node = JSON.createObjectNode();
    node.put("log", END);
    node.put("from", end.from());
    node.put("to", end.to());
    node.put("after", end.after());
    node.put("events", end.events());
    node.put("complete", end.complete());
    node.put("next", end.next());
    node.put("sha256", end.sha256());
    node.put("seal", key.exportSeal(end.summary()));
    return write(node) + "\n";
  }

  /**
   * Reads one line: an {@link Event} or an {@link End}.
   *
   * @throws IllegalArgumentException naming what is wrong with the line
   */
  public static Line parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String log = text(node, "log");
    if (END.equals(log)) {
      return new End(
          text(node, "from"),
          text(node, "to"),
          optionalText(node, "after"),
          number(node, "events"),
          bool(node, "complete"),
          optionalText(node, "next"),
          text(node, "sha256"),
          text(node, "seal"));
    }
    if (!EVENT.equals(log)) {
      throw new IllegalArgumentException("neither an audit event nor the end of an export");
    }
    String type = text(node, "type");
    AuditType auditType =
        AuditType.fromId(type)
            .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
    Instant at;
    try {
      at = Instant.parse(text(node, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'at' is not an instant");
    }
    Map<String, String> details = new TreeMap<>();
    JsonNode detailNode = node.get("details");
    if (detailNode != null && detailNode.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = detailNode.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        details.put(f.getKey(), f.getValue().asText());
      }
    }
    AuditEvent event =
        new AuditEvent(
            number(node, "seq"),
            at,
            auditType,
            text(node, "actor"),
            details,
            text(node, "prev"),
            text(node, "hash"),
            optionalText(node, "seal"));
    return new Event(text(node, "requestId"), event);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(node, field);
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException("'" + field + "' is not a whole number");
    }
    return value.asLong();
  }

  private static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw new IllegalArgumentException("'" + field + "' is not true or false");
    }
    return value.asBoolean();
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an export line is always serializable", e);
    }
  }

  /** One line of an export. */
  public sealed interface Line permits Event, End {}

  /** An event line: the request the event belongs to, and the event. */
  public record Event(String requestId, AuditEvent event) implements Line {}

  /**
   * The end line: the range asked for, the cursor the page started after (null for the first), how
   * many events it holds, whether the range is complete or {@code next} continues it, the SHA-256
   * (hex) of the bytes before this line, and the seal over all of these.
   */
  public record End(
      String from,
      String to,
      String after,
      long events,
      boolean complete,
      String next,
      String sha256,
      String seal)
      implements Line {

    /** The text the seal covers: every field but the seal, one per line. */
    public String summary() {
      return String.join(
          "\n",
          from,
          to,
          after == null ? "" : after,
          Long.toString(events),
          Boolean.toString(complete),
          next == null ? "" : next,
          sha256);
    }
  }
}
