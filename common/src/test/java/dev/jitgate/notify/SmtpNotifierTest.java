package dev.jitgate.notify;

import static dev.jitgate.notify.NotifyFixtures.BASE_URL;
import static dev.jitgate.notify.NotifyFixtures.REQUESTER;
import static dev.jitgate.notify.NotifyFixtures.WATCHERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.port.Notification;
import dev.jitgate.store.TestRequests;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP notifier against a real GreenMail server on loopback, with a login. */
class SmtpNotifierTest {
  private static final String LOGIN = "jitgate";
  private static final String PASSWORD = "s3cret-Pa55word";
  private static final String FROM = "jitgate <jitgate@example.com>";

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("jitgate@example.com", LOGIN, PASSWORD))
          .withPerMethodLifecycle(true);

  private final Clock clock = Clock.fixed(TestRequests.T0, ZoneOffset.UTC);

  private SmtpNotifier notifier(String password) {
    SmtpSettings settings =
        SmtpSettings.of("127.0.0.1", GREEN_MAIL.getSmtp().getPort(), FROM, SmtpSettings.Tls.NONE)
            .withLogin(LOGIN, password)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    return new SmtpNotifier(settings, new MessageComposer(BASE_URL), clock);
  }

  @Test
  void newRequest_deliversEachApproverTheirOwnLink_andTheWatchersNone() throws Exception {
    Notification n =
        NotifyFixtures.newRequest(
            TestRequests.request().justification("INC-9: <b>bold</b> & \"quoted\"").pending(),
            NotifyFixtures.entitlement(new NotifyTarget.Mail(WATCHERS)));

    notifier(PASSWORD).send(n);

    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(3);
    for (int i = 0; i < 2; i++) {
      String own = n.invites().get(i).token();
      String other = n.invites().get(1 - i).token();
      MimeMessage mail = to(received, n.invites().get(i).approver().email());
      Parts parts = parts(mail);
      assertThat(parts.text()).contains(BASE_URL + "/approvals/" + own).doesNotContain(other);
      assertThat(parts.html())
          .contains("href=\"" + BASE_URL + "/approvals/" + own + "\"")
          .contains("INC-9: &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;")
          .doesNotContain("<b>bold")
          .doesNotContain(other);
      assertThat(mail.getSubject()).startsWith("[jitgate] Approval needed: alice@example.com");
      assertThat(mail.getFrom()).containsExactly(new InternetAddress(FROM));
      assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }
    Parts watchers = parts(to(received, WATCHERS.email()));
    assertThat(watchers.text() + watchers.html()).doesNotContain("/approvals/");
  }

  @Test
  void outcome_deliversOneMultipartMailToTheRequester() throws Exception {
    Notification n = NotifyFixtures.outcome(Notification.Kind.DENIED);

    notifier(PASSWORD).send(n);

    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(addresses(mail.getRecipients(Message.RecipientType.TO)))
        .containsExactly(REQUESTER.email());
    assertThat(mail.getSubject())
        .isEqualTo(
            "[jitgate] Denied: Read-only access to the production database on"
                + " projects/jitgate-prod-42");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");
    Parts parts = parts(mail);
    assertThat(parts.text()).contains("not during the change freeze");
    assertThat(parts.html()).contains("not during the change freeze");
    assertThat(mail.getHeader("X-Jitgate-Request")).containsExactly(n.request().id().value());
  }

  @Test
  void send_whenTheServerIsDown_throwsNamingTheServer() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    SmtpNotifier down =
        new SmtpNotifier(
            SmtpSettings.of("127.0.0.1", closedPort, FROM, SmtpSettings.Tls.NONE)
                .withLogin(LOGIN, PASSWORD)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
            new MessageComposer(BASE_URL),
            clock);
    Notification n = NotifyFixtures.newRequest();

    assertThatThrownBy(() -> down.send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith("smtp: could not connect to 127.0.0.1:" + closedPort)
        .hasMessageContaining("new_request mail for request " + n.request().id())
        .hasMessageContaining("Connection refused")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining(n.invites().get(0).token());
  }

  @Test
  void send_whenTheLoginIsRefused_throwsWithoutThePassword() {
    String wrong = "wr0ng-Pa55word";
    Notification n = NotifyFixtures.outcome(Notification.Kind.ACTIVE);

    assertThatThrownBy(() -> notifier(wrong).send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith(
            "smtp: 127.0.0.1:" + GREEN_MAIL.getSmtp().getPort() + " refused the login as " + LOGIN)
        .hasMessageContaining("active mail for request " + n.request().id())
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(PASSWORD);
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void settings_refuseLongTimeoutsAndPlainTextPasswordsToRemoteHosts_andHideThePassword() {
    SmtpSettings ok =
        SmtpSettings.of("smtp.example.com", 587, FROM, SmtpSettings.Tls.STARTTLS_REQUIRED);

    assertThatThrownBy(() -> ok.withTimeouts(Duration.ofSeconds(11), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connect timeout");
    assertThatThrownBy(() -> ok.withTimeouts(Duration.ofSeconds(5), Duration.ZERO))
        .hasMessageContaining("read timeout");
    assertThatThrownBy(
            () ->
                SmtpSettings.of("smtp.example.com", 25, FROM, SmtpSettings.Tls.NONE)
                    .withLogin(LOGIN, PASSWORD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without TLS")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(
            () -> SmtpSettings.of("smtp.example.com", 587, "not an address", SmtpSettings.Tls.NONE))
        .hasMessageContaining("sender address");
    assertThat(ok.withLogin(LOGIN, PASSWORD).toString())
        .contains("username=" + LOGIN)
        .doesNotContain(PASSWORD);
  }

  private static MimeMessage to(MimeMessage[] received, String address) {
    return Arrays.stream(received)
        .filter(m -> addresses(recipients(m)).contains(address))
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one mail to " + address);
            })
        .orElseThrow(() -> new AssertionError("no mail to " + address));
  }

  private static Address[] recipients(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO);
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> addresses(Address[] addresses) {
    return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
  }

  /** The text and HTML parts of a multipart/alternative mail, in that order. */
  record Parts(String text, String html) {}

  static Parts parts(MimeMessage mail) throws Exception {
    MimeMultipart multipart = (MimeMultipart) mail.getContent();
    assertThat(multipart.getContentType()).startsWith("multipart/alternative");
    assertThat(multipart.getCount()).isEqualTo(2);
    BodyPart text = multipart.getBodyPart(0);
    BodyPart html = multipart.getBodyPart(1);
    assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
    return new Parts((String) text.getContent(), (String) html.getContent());
  }
}
