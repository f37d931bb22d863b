package dev.jitgate.notify;

import dev.jitgate.port.Notification;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends each notification's mails over SMTP with Angus Mail: one connection per notification, one
 * multipart/alternative mail (text and HTML) per recipient. The session is built once; nothing
 * connects until the first send.
 */
public final class SmtpNotifier extends MailNotifier {
  private final SmtpSettings settings;
  private final Clock clock;
  private final InternetAddress from;
  private final Session session;

  public SmtpNotifier(SmtpSettings settings, MessageComposer composer, Clock clock) {
    super(composer);
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.from = MimeMails.sender(settings.from());
    this.session = Session.getInstance(properties(settings, from));
  }

  @Override
  public String name() {
    return "smtp";
  }

  /**
   * Connects once for all of a notification's mails; a server that cannot be reached fails them
   * all.
   */
  @Override
  protected Delivery open(Notification notification, String about) {
    Transport transport;
    try {
      transport = session.getTransport();
      transport.connect(
          settings.host(),
          settings.port(),
          settings.username().orElse(null),
          settings.password().orElse(null));
    } catch (AuthenticationFailedException e) {
      throw new NotifyException(
          "smtp: "
              + settings.address()
              + " refused the login as "
              + settings.username().orElse("")
              + ", so the "
              + about
              + " was not sent: "
              + describe(e),
          e);
    } catch (MessagingException e) {
      throw new NotifyException(
          "smtp: could not connect to "
              + settings.address()
              + " to send the "
              + about
              + ": "
              + describe(e),
          e);
    }
    return new Delivery() {
      @Override
      public void deliver(MailMessage mail, int number) throws MessagingException {
        MimeMessage message = MimeMails.build(session, from, mail, clock.instant());
        transport.sendMessage(message, message.getAllRecipients());
      }

      @Override
      public void close() {
        SmtpNotifier.close(transport);
      }
    };
  }

  @Override
  protected String reason(Exception e) {
    return e instanceof MessagingException m
        ? settings.address() + " said: " + describe(m)
        : Display.oneLine(String.valueOf(e.getMessage()), 200);
  }

  private static void close(Transport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      // QUIT failed after every mail was handed over or refused: nothing left to report.
    }
  }

  /**
   * The server's own words, from the exception and its causes. The password is blanked in case a
   * server ever echoes it.
   */
  private String describe(MessagingException e) {
    StringBuilder out = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 4; depth++) {
      String message = t.getMessage();
      if (depth > 0) {
        out.append(" <- ").append(t.getClass().getSimpleName());
        if (message != null) {
          out.append(": ");
        }
      }
      if (message != null) {
        out.append(Display.oneLine(message, 200));
      }
      Throwable next = t.getCause();
      t = next == t ? null : next;
    }
    String text = out.toString();
    return settings.password().map(p -> text.replace(p, "<redacted>")).orElse(text);
  }

  private static Properties properties(SmtpSettings settings, InternetAddress from) {
    Properties props = MimeMails.baseProperties(from);
    props.setProperty("mail.transport.protocol", "smtp");
    props.setProperty("mail.smtp.host", settings.host());
    props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
    props.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
    String connect = Long.toString(settings.connectTimeout().toMillis());
    String read = Long.toString(settings.readTimeout().toMillis());
    props.setProperty("mail.smtp.connectiontimeout", connect);
    props.setProperty("mail.smtp.timeout", read);
    props.setProperty("mail.smtp.writetimeout", read);
    boolean starttls =
        settings.tls() == SmtpSettings.Tls.STARTTLS_IF_OFFERED
            || settings.tls() == SmtpSettings.Tls.STARTTLS_REQUIRED;
    props.setProperty("mail.smtp.starttls.enable", Boolean.toString(starttls));
    props.setProperty(
        "mail.smtp.starttls.required",
        Boolean.toString(settings.tls() == SmtpSettings.Tls.STARTTLS_REQUIRED));
    props.setProperty(
        "mail.smtp.ssl.enable", Boolean.toString(settings.tls() == SmtpSettings.Tls.IMPLICIT));
    if (settings.tls() != SmtpSettings.Tls.NONE) {
      // Angus checks the certificate chain but not, by default, that it names the host.
      props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return props;
  }
}
