package dev.jitgate.domain;

import dev.jitgate.audit.AuditEvent;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a request's own audit events say about it, replayed: its state and who approved it. A
 * document whose state or approvals disagree with its sealed events was edited behind the service's
 * back, and must not be decided or granted on.
 */
final class EventHistory {
  private EventHistory() {}

  /** How {@code request} disagrees with its events, or empty when it agrees. */
  static Optional<String> disagreement(AccessRequest request) {
    RequestState state = null;
    Set<String> approvers = new TreeSet<>();
    for (AuditEvent event : request.events()) {
      switch (event.type()) {
        case REQUESTED -> {
          state = RequestState.PENDING;
          if (!event.actor().equals(request.requester().email())) {
            return Optional.of("the requester differs from the one its first event names");
          }
        }
        case APPROVED -> {
          if (!event.actor().equals(AccessRequest.POLICY)) {
            approvers.add(event.actor());
          }
          if (enough(event.details().get("approvals"))) {
            state = RequestState.APPROVED;
          }
        }
        case DENIED -> state = RequestState.DENIED;
        case CANCELLED -> state = RequestState.CANCELLED;
        case TIMED_OUT -> state = RequestState.TIMED_OUT;
        case ACTIVATED -> state = RequestState.ACTIVE;
        case ACTIVATION_FAILED -> {
          if ("true".equals(event.details().get("final"))) {
            state = RequestState.FAILED;
          }
        }
        case EXPIRED -> state = RequestState.EXPIRED;
        case REVOKED -> state = RequestState.REVOKED;
        case ACTIVATION_STARTED,
            REVOKE_STARTED,
            NOTIFIED,
            NOTIFY_FAILED,
            REMINDED,
            ESCALATED,
            REVIEWED,
            EXTENSION_REQUESTED,
            EXTENSION_APPROVED,
            EXTENDED,
            EXTENSION_REFUSED -> {
          // Intents and notifications leave the state as it was.
        }
      }
    }
    if (state != request.state()) {
      return Optional.of("its state is " + request.state() + " but its events say " + state);
    }
    Set<String> recorded =
        request.approvals().stream()
            .map(a -> a.approver().email())
            .collect(Collectors.toCollection(TreeSet::new));
    if (!recorded.equals(approvers)) {
      return Optional.of("its approvals differ from the approvals its events record");
    }
    return Optional.empty();
  }

  /** Whether an approval event's {@code "n of m"} reached its m. */
  private static boolean enough(String approvals) {
    if (approvals == null) {
      return false;
    }
    String[] parts = approvals.split(" of ");
    try {
      return parts.length == 2 && Integer.parseInt(parts[0]) >= Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
