package dev.jitgate.audit;

import java.util.List;

/** Receives a request's audit events once they are stored, for the platform's log collector. */
public interface AuditSink {

  void published(String requestId, List<AuditEvent> events);
}
