package dev.jitgate.aws.notify;

import dev.jitgate.notify.MailMessage;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.notify.NotifyException;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends each notification's mails through Amazon SES v2 ({@code SendEmail} with simple content):
 * one mail per recipient, with the composer's subject and its text and HTML bodies.
 */
public final class SesNotifier implements Notifier {
  private static final String UTF_8 = "UTF-8";
  private static final int MAX_REASON = 200;

  private final SesV2Client ses;
  private final String from;
  private final MessageComposer composer;

  /**
   * @param from the sender, an address or domain that SES has verified for this account
   */
  public SesNotifier(SesV2Client ses, String from, MessageComposer composer) {
    this.ses = Objects.requireNonNull(ses, "ses");
    this.from = Objects.requireNonNull(from, "from");
    this.composer = Objects.requireNonNull(composer, "composer");
  }

  @Override
  public String name() {
    return "ses";
  }

  /**
   * Sends every mail, going on past one that SES refuses, then throws one {@link NotifyException}
   * naming each recipient that failed and why. The message never carries a body or a link.
   */
  @Override
  public void send(Notification notification) {
    List<MailMessage> mails = composer.compose(notification);
    List<String> failures = new ArrayList<>();
    for (MailMessage mail : mails) {
      try {
        ses.sendEmail(request(mail));
      } catch (SdkException e) {
        failures.add(mail.to() + " (" + reason(e) + ")");
      }
    }
    if (!failures.isEmpty()) {
      throw new NotifyException(
          "ses: "
              + failures.size()
              + " of "
              + mails.size()
              + " "
              + notification.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " mails for request "
              + notification.request().id()
              + " were not sent: "
              + String.join("; ", failures));
    }
  }

  private SendEmailRequest request(MailMessage mail) {
    Message message =
        Message.builder()
            .subject(Content.builder().data(mail.subject()).charset(UTF_8).build())
            .body(
                Body.builder()
                    .text(Content.builder().data(mail.text()).charset(UTF_8).build())
                    .html(Content.builder().data(mail.html()).charset(UTF_8).build())
                    .build())
            .build();
    return SendEmailRequest.builder()
        .fromEmailAddress(from)
        .destination(d -> d.toAddresses(mail.to().email()))
        .content(EmailContent.builder().simple(message).build())
        .build();
  }

  /**
   * SES's error code and message (such as {@code MessageRejected: Email address is not verified}),
   * or the client's own failure; neither ever quotes the mail.
   */
  private static String reason(SdkException e) {
    String reason;
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      reason =
          service.awsErrorDetails().errorCode()
              + " (HTTP "
              + service.statusCode()
              + "): "
              + service.awsErrorDetails().errorMessage();
    } else {
      reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    String line = reason.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 1) + "…";
  }
}
