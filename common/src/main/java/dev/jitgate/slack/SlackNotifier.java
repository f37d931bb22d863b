package dev.jitgate.slack;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.notify.NotifyException;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import dev.jitgate.summary.RequestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts each new request to the policy's Slack channel with Approve and Deny buttons, and keeps
 * that message current: every later event updates it in place (the state, who decided, the buttons
 * gone once it is decided) and adds a reply in its thread. Where the message landed is returned to
 * the service, which records it in the request's audit trail ({@link SlackThread}).
 */
final class SlackNotifier implements Notifier {
  private final SlackApi api;
  private final String channel;

  SlackNotifier(SlackApi api, String channel) {
    this.api = api;
    this.channel = channel;
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(Notification notification) {
    deliver(notification);
  }

  @Override
  public Map<String, String> deliver(Notification n) {
    AccessRequest r = n.request();
    Optional<SlackThread> thread = SlackThread.of(r);
    if (thread.isEmpty()) {
      // The first message about this request, usually its NEW_REQUEST; a request that needed no
      // approval starts its thread with APPROVED.
      try {
        SlackApi.Posted posted =
            api.post(
                channel,
                SlackMessages.fallback(r),
                SlackMessages.message(RequestSummary.of(n), r),
                null);
        return new SlackThread(posted.channel(), posted.ts()).details();
      } catch (SlackException e) {
        throw new NotifyException("slack: " + e.getMessage());
      }
    }
    SlackThread at = thread.get();
    List<String> failures = new ArrayList<>();
    try {
      api.update(
          at.channel(),
          at.ts(),
          SlackMessages.fallback(r),
          SlackMessages.message(RequestSummary.of(n), r));
    } catch (SlackException e) {
      failures.add(e.getMessage());
    }
    try {
      String reply = SlackMessages.reply(n);
      api.post(at.channel(), reply, null, at.ts());
    } catch (SlackException e) {
      failures.add(e.getMessage());
    }
    if (!failures.isEmpty()) {
      throw new NotifyException("slack: " + String.join("; ", failures));
    }
    return Map.of();
  }
}
