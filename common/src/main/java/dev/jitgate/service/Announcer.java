package dev.jitgate.service;

import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import dev.jitgate.port.RequestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands notifications to every notifier and records each outcome in the request's audit trail. A
 * failing notifier is logged and audited, never thrown: it must not undo the transition it reports.
 */
final class Announcer {
  private static final Logger LOG = Logger.getLogger(Announcer.class.getName());

  private final List<Notifier> notifiers;
  private final RequestWriter writer;
  private final RequestStore store;

  Announcer(List<Notifier> notifiers, RequestWriter writer, RequestStore store) {
    this.notifiers = List.copyOf(notifiers);
    this.writer = writer;
    this.store = store;
  }

  /**
   * The requester's history of {@code request}'s entitlement: one query of the by-requester index,
   * one page of {@link RequesterHistory#PAGE} requests.
   */
  static RequesterHistory history(RequestStore store, AccessRequest request, Instant now) {
    return RequesterHistory.of(
        request, store.byRequester(request.requester(), RequesterHistory.PAGE), now);
  }

  /** Sends the notification and returns the request with the outcomes recorded. */
  AccessRequest announce(
      Notification.Kind kind,
      AccessRequest request,
      Optional<Entitlement> entitlement,
      List<Notification.Invite> invites,
      Instant now) {
    if (notifiers.isEmpty()) {
      return request;
    }
    Optional<RequesterHistory> history = Optional.empty();
    if (kind == Notification.Kind.NEW_REQUEST) {
      try {
        history = Optional.of(history(store, request, now));
      } catch (RuntimeException e) {
        // The history only informs approvers: without it they are still told.
        LOG.log(
            Level.WARNING,
            "the history for request {0} could not be read: {1}",
            new Object[] {request.id(), describe(e)});
      }
    }
    Notification notification = new Notification(kind, request, entitlement, invites, history, now);
    List<Outcome> outcomes = new ArrayList<>();
    for (Notifier notifier : notifiers) {
      try {
        outcomes.add(new Outcome(notifier.name(), null, notifier.deliver(notification)));
      } catch (RuntimeException e) {
        // Log the class and message only: a notifier's message must not carry secrets, and a
        // stack trace belongs to the notifier's own diagnostics.
        LOG.log(
            Level.WARNING,
            "notifier {0} failed for request {1}: {2}",
            new Object[] {notifier.name(), request.id(), describe(e)});
        outcomes.add(new Outcome(notifier.name(), describe(e), Map.of()));
      }
    }
    return writer.change(
        request.id(), current -> record(current, kind, invites.size(), outcomes, now));
  }

  private AccessRequest record(
      AccessRequest current,
      Notification.Kind kind,
      int invites,
      List<Outcome> outcomes,
      Instant now) {
    AccessRequest next = current;
    for (Outcome o : outcomes) {
      Map<String, String> details = new LinkedHashMap<>(o.details());
      details.put("channel", o.channel());
      details.put("about", kind.name().toLowerCase(Locale.ROOT));
      if (invites > 0) {
        details.put("approvers", Integer.toString(invites));
      }
      AuditType type = o.error() == null ? AuditType.NOTIFIED : AuditType.NOTIFY_FAILED;
      if (o.error() != null) {
        details.put("error", o.error());
      }
      next = next.record(type, AccessRequest.SYSTEM, details, now);
    }
    return next;
  }

  static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /**
   * @param details what the notifier asked to keep about the delivery; its keys never replace the
   *     announcer's own
   */
  private record Outcome(String channel, String error, Map<String, String> details) {
    Outcome {
      details = details == null ? Map.of() : details;
    }
  }
}
