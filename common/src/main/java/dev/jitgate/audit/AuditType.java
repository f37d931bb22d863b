package dev.jitgate.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an audit event records; the API spells each in lower snake case, such as {@code timed_out}.
 */
public enum AuditType {
  REQUESTED,
  APPROVED,
  DENIED,
  CANCELLED,
  ACTIVATION_STARTED,
  ACTIVATED,
  ACTIVATION_FAILED,
  EXPIRED,
  REVOKE_STARTED,
  REVOKED,
  TIMED_OUT,
  NOTIFIED,
  NOTIFY_FAILED,
  REMINDED,
  ESCALATED,
  REVIEWED,
  EXTENSION_REQUESTED,
  EXTENSION_APPROVED,
  EXTENDED,
  EXTENSION_REFUSED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AuditType> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
  }
}
