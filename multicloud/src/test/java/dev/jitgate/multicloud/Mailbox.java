package dev.jitgate.multicloud;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The approval links in the mail that the deployments sent through the one SMTP server. */
final class Mailbox {
  /** A link of any deployment: its base URL, then the approval path. */
  private static final Pattern LINK =
      Pattern.compile("(https://jitgate-[a-z]+\\.example\\.com)(/approvals/[A-Za-z0-9._~-]+)");

  private final GreenMailExtension mail;

  Mailbox(GreenMailExtension mail) {
    this.mail = mail;
  }

  /** The approval link for request {@code requestId} in the mail to {@code approver}. */
  URI approvalLink(String approver, String requestId) throws Exception {
    for (MimeMessage message : mail.getReceivedMessagesForDomain(People.email(approver))) {
      // Quoted-printable soft line breaks would split a long link.
      String text = GreenMailUtil.getBody(message).replace("=\r\n", "");
      if (text.contains(requestId)) {
        Matcher found = LINK.matcher(text);
        if (found.find()) {
          return URI.create(found.group(1) + found.group(2));
        }
      }
    }
    throw new AssertionError("no approval link for " + requestId + " was mailed to " + approver);
  }
}
