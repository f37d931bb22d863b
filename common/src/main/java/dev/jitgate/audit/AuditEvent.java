package dev.jitgate.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One link of a request's audit chain: {@code hash = SHA-256(prev ‖ canonical JSON of the event)},
 * where the canonical JSON covers seq, at, type, actor and details. {@code seal} is {@code
 * HMAC-SHA256(audit key, hash)}, added by the service when it stores the event ({@link AuditKey});
 * null until then. Since each hash covers every event before it, a store writer without the audit
 * key can neither edit an event nor recompute the chain behind it.
 */
public record AuditEvent(
    long seq,
    Instant at,
    AuditType type,
    String actor,
    Map<String, String> details,
    String prev,
    String hash,
    String seal) {
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    details =
        details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(hash, "hash");
  }

  /** This event sealed with {@code seal}. */
  public AuditEvent withSeal(String seal) {
    return new AuditEvent(seq, at, type, actor, details, prev, hash, seal);
  }
}
