package dev.jitgate.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One link of a request's audit chain: {@code hash = SHA-256(prev ‖ canonical JSON of the event)},
 * where the canonical JSON covers seq, at, type, actor and details.
 */
public record AuditEvent(
    long seq,
    Instant at,
    AuditType type,
    String actor,
    Map<String, String> details,
    String prev,
    String hash) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    details =
        details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(hash, "hash");
  }
}
