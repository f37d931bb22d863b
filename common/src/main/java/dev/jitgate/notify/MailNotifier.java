package dev.jitgate.notify;

import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends the mails of a notification one by one, goes on past a mail that fails, and reports every
 * failure at the end in one {@link NotifyException}: {@code "<name>: 2 of 3 new_request mails for
 * request r-1 were not sent: <recipient> (<reason>); …"}. Subclasses say how a batch is opened (an
 * SMTP connection, an outbox directory) and how one mail is delivered.
 */
public abstract class MailNotifier implements Notifier {
  private final MessageComposer composer;

  protected MailNotifier(MessageComposer composer) {
    this.composer = Objects.requireNonNull(composer, "composer");
  }

  /** What the mails of one notification go through; closed when they have all been tried. */
  protected interface Delivery extends AutoCloseable {
    /**
     * Hands one mail over.
     *
     * @param number its 1-based position in the notification's mails
     * @throws Exception whose message, via {@link #reason}, tells why this mail was not sent
     */
    void deliver(MailMessage mail, int number) throws Exception;

    @Override
    default void close() {}
  }

  /**
   * Opens the delivery for one notification's mails.
   *
   * @param about names them for an error, such as "new_request mail for request r-1"
   * @throws NotifyException when none of them can be sent, such as when no server answers
   */
  protected abstract Delivery open(Notification notification, String about);

  /** Why a mail was not sent, in one line that quotes no mail content, link or secret. */
  protected abstract String reason(Exception e);

  @Override
  public final void send(Notification notification) {
    List<MailMessage> mails = composer.compose(notification);
    if (mails.isEmpty()) {
      return;
    }
    String kind = notification.kind().id();
    String about = kind + " mail for request " + notification.request().id();
    List<String> failures = new ArrayList<>();
    try (Delivery delivery = open(notification, about)) {
      for (int i = 0; i < mails.size(); i++) {
        MailMessage mail = mails.get(i);
        try {
          delivery.deliver(mail, i + 1);
        } catch (Exception e) {
          failures.add(mail.to() + " (" + reason(e) + ")");
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new NotifyException(
          name()
              + ": "
              + failures.size()
              + " of "
              + mails.size()
              + " "
              + kind
              + " mails for request "
              + notification.request().id()
              + " were not sent: "
              + String.join("; ", failures));
    }
  }
}
