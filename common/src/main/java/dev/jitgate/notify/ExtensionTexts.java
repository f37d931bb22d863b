package dev.jitgate.notify;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.summary.Spoken;
import java.util.List;

/**
 * The words of an extension's notifications, the same in mail, webhooks and chat: what was asked,
 * and what became of it. Plain text: each medium escapes it.
 */
public final class ExtensionTexts {
  private ExtensionTexts() {}

  /** "alice@example.com asks to extend {access} by 30 minutes, to 21 Nov 11:30 UTC". */
  public static String asked(AccessRequest r, String access) {
    if (r.extension() == null) {
      return r.requester().email() + " asked to extend " + access;
    }
    return r.requester().email()
        + " asks to extend "
        + access
        + " by "
        + Spoken.duration(r.extension().by())
        + ", to "
        + Display.time(r.window().end().plus(r.extension().by()));
  }

  /** "Your access to {access} now lasts until …". */
  public static String extended(AccessRequest r, String access) {
    return "Your access to "
        + access
        + " was extended: it now lasts until "
        + Display.time(r.window().end());
  }

  /** "The extension of your access to {access} was refused: {reason}. It still ends at …". */
  public static String refused(AccessRequest r, String access) {
    return "The extension of your access to "
        + access
        + " was refused: "
        + reason(r)
        + ". "
        + (r.state() == RequestState.ACTIVE
            ? "It still ends at " + Display.time(r.window().end()) + "."
            : "The access has ended.");
  }

  /** Why the latest extension was refused, as its audit event says. */
  public static String reason(AccessRequest r) {
    List<AuditEvent> events = r.events();
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).type() == AuditType.EXTENSION_REFUSED) {
        return Display.oneLine(events.get(i).details().getOrDefault("reason", "-"), 300);
      }
    }
    return "-";
  }
}
