package dev.jitgate.notify;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail to one person, ready to send: a one-line subject, a plain-text body and an HTML body
 * that say the same. {@code approvalLink} is set only on an approver's invite, and is theirs alone.
 */
public record MailMessage(
    Notification.Kind kind,
    RequestId request,
    UserId to,
    String subject,
    String text,
    String html,
    Optional<String> approvalLink) {

  public MailMessage {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
    approvalLink = approvalLink == null ? Optional.empty() : approvalLink;
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a mail subject is one line");
    }
  }

  /** Leaves out the bodies and the link: they carry the approver's token. */
  @Override
  public String toString() {
    return "MailMessage[kind="
        + kind
        + ", request="
        + request
        + ", to="
        + to
        + ", subject="
        + subject
        + ", approvalLink="
        + (approvalLink.isPresent() ? "<redacted>" : "none")
        + "]";
  }
}
