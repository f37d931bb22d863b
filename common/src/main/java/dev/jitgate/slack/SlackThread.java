package dev.jitgate.slack;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Where a request's channel message is: its channel and {@code ts}. It is kept in the request's own
 * audit trail, in the details of the {@code notified} event of the post (see {@link
 * dev.jitgate.port.Notifier#deliver}), so it is stored with the request in every store, sealed by
 * the audit key like the rest of the trail, and needs no new field in the request document.
 */
record SlackThread(String channel, String ts) {
  static final String CHANNEL = "slackChannel";
  static final String TS = "slackTs";

  /** The details to record for a message posted at this place. */
  Map<String, String> details() {
    return Map.of(CHANNEL, channel, TS, ts);
  }

  /** The first Slack message recorded for {@code request}, if one was posted. */
  static Optional<SlackThread> of(AccessRequest request) {
    for (AuditEvent event : request.events()) {
      if (event.type() != AuditType.NOTIFIED) {
        continue;
      }
      String channel = event.details().get(CHANNEL);
      String ts = event.details().get(TS);
      if (channel != null && ts != null) {
        return Optional.of(new SlackThread(channel, ts));
      }
    }
    return Optional.empty();
  }
}
