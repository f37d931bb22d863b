package dev.jitgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Prints each stored audit event as one JSON line, the form that CloudWatch, Azure Monitor and
 * Cloud Logging collect from a function's standard output.
 */
public final class JsonLinesAuditSink implements AuditSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  public JsonLinesAuditSink(PrintStream out) {
    this.out = out;
  }

  /** A sink that writes to standard output. */
  public static JsonLinesAuditSink stdout() {
    return new JsonLinesAuditSink(System.out);
  }

  @Override
  public void published(String requestId, List<AuditEvent> events) {
    for (AuditEvent event : events) {
      out.println(line(requestId, event));
    }
    out.flush();
  }

  /**
   * Puts an event's fields on {@code node}: seq, at, type, actor, details, prev, hash and seal. In
   * the log, seq and the sealed hash anchor the chain's length and head outside the store, so a
   * later rollback or truncation of the stored chain shows against the log.
   */
  public static ObjectNode fields(ObjectNode node, AuditEvent event) {
    node.put("seq", event.seq());
    node.put("at", event.at().toString());
    node.put("type", event.type().id());
    node.put("actor", event.actor());
    ObjectNode details = node.putObject("details");
    for (Map.Entry<String, String> e : event.details().entrySet()) {
      details.put(e.getKey(), e.getValue());
    }
    node.put("prev", event.prev());
    node.put("hash", event.hash());
    node.put("seal", event.seal());
    return node;
  }

  /** The JSON line for one event, tagged so log queries can select audit lines. */
  public static String line(String requestId, AuditEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("log", "jitgate.audit");
    node.put("requestId", requestId);
    fields(node, event);
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit event is always serializable", e);
    }
  }
}
