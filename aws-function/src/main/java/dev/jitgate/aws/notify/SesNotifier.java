package dev.jitgate.aws.notify;

import dev.jitgate.notify.MailMessage;
import dev.jitgate.notify.MailNotifier;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.port.Notification;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
public final class SesNotifier extends MailNotifier {
  private static final String UTF_8 = "UTF-8";
  private static final int MAX_REASON = 200;

  private final SesV2Client ses;
  private final String from;

  /**
   * @param from the sender, an address or domain that SES has verified for this account
   */
  public SesNotifier(SesV2Client ses, String from, MessageComposer composer) {
    super(composer);
    this.ses = Objects.requireNonNull(ses, "ses");
    this.from = Objects.requireNonNull(from, "from");
  }

  @Override
  public String name() {
    return "ses";
  }

  /** SES takes each mail in its own call; there is nothing to open. */
  @Override
  protected Delivery open(Notification notification, String about) {
    return (mail, number) -> ses.sendEmail(request(mail));
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
  @Override
  protected String reason(Exception e) {
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
