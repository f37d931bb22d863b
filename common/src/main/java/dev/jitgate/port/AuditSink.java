package dev.jitgate.port;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.domain.RequestId;
import java.util.List;

/** Receives audit events once they are stored, for the platform's log collector. */
public interface AuditSink {

  void published(RequestId requestId, List<AuditEvent> events);
}
