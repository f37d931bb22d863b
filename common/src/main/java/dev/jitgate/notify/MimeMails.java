package dev.jitgate.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** Builds the RFC 822 form of a {@link MailMessage}: multipart/alternative, text then HTML. */
final class MimeMails {
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private MimeMails() {}

  /** Parses a configured sender such as {@code jitgate <jitgate@example.com>}. */
  static InternetAddress sender(String from) {
    try {
      InternetAddress address = new InternetAddress(from, true);
      address.validate();
      return address;
    } catch (AddressException e) {
      throw new IllegalArgumentException("the sender address '" + from + "' is not valid");
    }
  }

  /**
   * Session properties every session gets. {@code mail.from} also names the host part of the
   * Message-ID, so Angus does not look up the local host name (slow where DNS is, such as in a
   * fresh function instance).
   */
  static Properties baseProperties(InternetAddress from) {
    Properties props = new Properties();
    props.setProperty("mail.from", from.getAddress());
    props.setProperty("mail.mime.charset", UTF_8);
    return props;
  }

  static MimeMessage build(Session session, InternetAddress from, MailMessage mail, Instant at)
      throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to().email(), true));
    message.setSubject(mail.subject(), UTF_8);
    message.setSentDate(Date.from(at));
    // RFC 3834: tells auto-responders and mail rules that no person wrote this.
    message.setHeader("Auto-Submitted", "auto-generated");
    message.setHeader("X-Jitgate-Request", mail.request().value());
    message.setHeader("X-Jitgate-Event", mail.kind().id());

    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), UTF_8, "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), UTF_8, "html");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    message.setContent(alternative);
    message.saveChanges();
    return message;
  }
}
