package dev.jitgate.notify;

import static dev.jitgate.notify.NotifyFixtures.APPROVER_1;
import static dev.jitgate.notify.NotifyFixtures.APPROVER_2;
import static dev.jitgate.notify.NotifyFixtures.BASE_URL;
import static dev.jitgate.notify.NotifyFixtures.DESCRIPTION;
import static dev.jitgate.notify.NotifyFixtures.REQUESTER;
import static dev.jitgate.notify.NotifyFixtures.TOKENS;
import static dev.jitgate.notify.NotifyFixtures.WATCHERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notification.Kind;
import dev.jitgate.store.TestRequests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageComposerTest {
  private static final String PAYLOAD =
      "<script>alert(1)</script> \"quotes\" & ampersands 'apostrophes'";
  private static final String ESCAPED =
      "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; ampersands"
          + " &#39;apostrophes&#39;";

  private final MessageComposer composer = new MessageComposer(BASE_URL);

  @Test
  void newRequest_givesEachApproverOneMailWithTheirOwnLink() {
    Notification n = NotifyFixtures.newRequest();
    List<Notification.Invite> invites = n.invites();

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails).extracting(MailMessage::to).containsExactly(APPROVER_1, APPROVER_2);
    for (int i = 0; i < 2; i++) {
      MailMessage mail = mails.get(i);
      String own = invites.get(i).token();
      String other = invites.get(1 - i).token();
      String link = BASE_URL + "/approvals/" + own;
      assertThat(mail.approvalLink()).contains(link);
      assertThat(TOKENS.verify(own).approver()).isEqualTo(mail.to());
      assertThat(mail.text()).contains(link).doesNotContain(other);
      assertThat(mail.html()).contains("href=\"" + link + "\"").doesNotContain(other);
      assertThat(mail.subject()).doesNotContain(own);
    }
  }

  @Test
  void newRequest_mailStatesWhatIsAskedByWhomWhyAndUntilWhen() {
    AccessRequest pending = TestRequests.request().pending();

    MailMessage mail =
        composer.compose(NotifyFixtures.newRequest(pending, NotifyFixtures.entitlement())).get(0);

    for (String body : List.of(mail.text(), mail.html())) {
      assertThat(body)
          .contains(pending.id().value())
          .contains("prod-read")
          .contains(DESCRIPTION)
          .contains("roles/cloudsql.viewer")
          .contains("projects/jitgate-prod-42")
          .contains(REQUESTER.email())
          .contains("INC-4711: checking the failed payment batch")
          .contains("2 hours")
          .contains("2026-03-03 09:00 UTC");
    }
    assertThat(mail.subject())
        .isEqualTo(
            "[jitgate] Approval needed: alice@example.com asks for Read-only access to the"
                + " production database on projects/jitgate-prod-42 for 2 hours");
  }

  @Test
  void newRequest_alsoNotifyAddress_getsTheRequestWithoutAnyLinkOrToken() {
    Notification n =
        NotifyFixtures.newRequest(
            new NotifyTarget.Mail(WATCHERS), new NotifyTarget.Webhook("sre-chat"));

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails).extracting(MailMessage::to).containsExactly(APPROVER_1, APPROVER_2, WATCHERS);
    MailMessage watchers = mails.get(2);
    assertThat(watchers.approvalLink()).isEmpty();
    assertThat(watchers.subject()).startsWith("[jitgate] New request: alice@example.com");
    for (String body : List.of(watchers.text(), watchers.html(), watchers.subject())) {
      assertThat(body).doesNotContain("/approvals/").contains("projects/jitgate-prod-42");
      n.invites().forEach(invite -> assertThat(body).doesNotContain(invite.token()));
    }
  }

  @Test
  void newRequest_approverAlsoListedToBeNotified_getsOnlyTheirInvite() {
    Notification n = NotifyFixtures.newRequest(new NotifyTarget.Mail(APPROVER_1));

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails).extracting(MailMessage::to).containsExactly(APPROVER_1, APPROVER_2);
    assertThat(mails.get(0).approvalLink()).isPresent();
  }

  @Test
  void newRequest_tokenThatIsNotUrlSafe_isRefusedWithoutEchoingIt() {
    AccessRequest pending = TestRequests.request().pending();
    String bad = "abc\r\nBcc: x@example.com";
    Notification n =
        new Notification(
            Kind.NEW_REQUEST,
            pending,
            Optional.of(NotifyFixtures.entitlement()),
            List.of(new Notification.Invite(APPROVER_1, bad)));

    assertThatThrownBy(() -> composer.compose(n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("abc")
        .hasMessageNotContaining("Bcc");
  }

  static Stream<Arguments> userTextInEveryField() {
    TestRequests.Draft draft = TestRequests.request();
    AccessRequest active = TestRequests.request().active();
    AccessRequest retrying = TestRequests.request().retrying();
    return Stream.of(
        Arguments.of(
            "justification",
            NotifyFixtures.newRequest(
                TestRequests.request().justification(PAYLOAD).pending(),
                NotifyFixtures.entitlement())),
        Arguments.of(
            "description",
            NotifyFixtures.newRequest(draft.pending(), NotifyFixtures.entitlement(PAYLOAD))),
        Arguments.of(
            "denial reason",
            NotifyFixtures.outcome(
                Kind.DENIED,
                TestRequests.request()
                    .pending()
                    .deny(APPROVER_1, PAYLOAD, TestRequests.T0.plusSeconds(60)))),
        Arguments.of(
            "approval comment",
            NotifyFixtures.outcome(
                Kind.APPROVED,
                TestRequests.request()
                    .pending()
                    .approve(APPROVER_1, PAYLOAD, TestRequests.T0.plusSeconds(60)))),
        Arguments.of(
            "revoke reason",
            NotifyFixtures.outcome(
                Kind.REVOKED,
                active.revoke(
                    APPROVER_1, PAYLOAD, active.activatedAt().plusSeconds(60), Map.of()))),
        Arguments.of(
            "failure reason",
            NotifyFixtures.outcome(Kind.FAILED, retrying.fail(PAYLOAD, retrying.window().end()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userTextInEveryField")
  void html_escapesUserText_textKeepsIt(String field, Notification n) {
    List<MailMessage> mails = composer.compose(n);

    assertThat(mails).isNotEmpty();
    for (MailMessage mail : mails) {
      assertThat(mail.html())
          .contains(ESCAPED)
          .doesNotContain("<script")
          .doesNotContain("\"quotes\"")
          .doesNotContain("'apostrophes'");
      assertThat(mail.text()).contains(PAYLOAD);
    }
  }

  @Test
  void subject_withLineBreaksInTheDescription_isOneLine() {
    AccessRequest pending = TestRequests.request().pending();

    List<MailMessage> mails =
        composer.compose(
            NotifyFixtures.newRequest(
                pending,
                NotifyFixtures.entitlement(
                    "INC-1: first\r\nBcc: victim@example.com\nX-Injected: yes",
                    new NotifyTarget.Mail(WATCHERS))));

    assertThat(mails).hasSize(3);
    for (MailMessage mail : mails) {
      assertThat(mail.subject())
          .doesNotContain("\r")
          .doesNotContain("\n")
          .contains("asks for INC-1: first Bcc: victim@example.com X-Injected: yes on projects/");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://jitgate.example.com/",
        "https://jitgate.example.com//",
        " https://jitgate.example.com ",
        "https://example.com/jitgate/"
      })
  void baseUrl_withTrailingSlashes_givesLinksWithOneSlashBeforeApprovals(String baseUrl) {
    Notification n = NotifyFixtures.newRequest();
    String token = n.invites().get(0).token();

    String link = new MessageComposer(baseUrl).compose(n).get(0).approvalLink().orElseThrow();

    String base = baseUrl.strip().replaceAll("/+$", "");
    assertThat(link).isEqualTo(base + "/approvals/" + token).doesNotContain("//approvals");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jitgate.example.com",
        "ftp://jitgate.example.com",
        "https://jitgate.example.com/?x=1",
        "https://jitgate.example.com/#top",
        ""
      })
  void baseUrl_notAnAbsoluteHttpUrl_isRejected(String baseUrl) {
    assertThatThrownBy(() -> new MessageComposer(baseUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base URL");
  }

  @Test
  void extensionRequested_goesToEachApprover_withTheConsolePage_andNoApprovalLink() {
    AccessRequest asked = TestRequests.request().extensionPending();
    Notification n =
        new Notification(
            Kind.EXTENSION_REQUESTED,
            asked,
            Optional.of(NotifyFixtures.entitlement()),
            List.of(
                Notification.Invite.withoutLink(new UserId("carol@example.com")),
                Notification.Invite.withoutLink(new UserId("dave@example.com"))));

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails)
        .extracting(m -> m.to().email())
        .containsExactly("carol@example.com", "dave@example.com");
    assertThat(mails)
        .allSatisfy(
            mail -> {
              assertThat(mail.subject()).startsWith("[jitgate] Extension needs approval: ");
              assertThat(mail.subject()).contains("by 30 minutes");
              assertThat(mail.text())
                  .contains(BASE_URL + "/console/requests/" + asked.id().value())
                  .contains("INC-4711: the batch rerun needs longer")
                  .doesNotContain("/approvals/");
              assertThat(mail.html()).doesNotContain("/approvals/");
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {
        "NEW_REQUEST",
        "REMINDER",
        "ESCALATED",
        "BREAK_GLASS",
        "EXTENSION_REQUESTED",
        "REVIEW_REMINDER"
      },
      mode = EnumSource.Mode.EXCLUDE)
  void outcome_goesOnlyToTheRequester_withoutAnyLink(Kind kind) {
    Notification n = NotifyFixtures.outcome(kind, new NotifyTarget.Mail(WATCHERS));

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails)
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.to()).isEqualTo(REQUESTER);
              assertThat(mail.kind()).isEqualTo(kind);
              assertThat(mail.approvalLink()).isEmpty();
              assertThat(mail.text())
                  .doesNotContain("/approvals/")
                  .contains(n.request().id().value());
              assertThat(mail.html()).doesNotContain("/approvals/");
              assertThat(mail.subject())
                  .contains(DESCRIPTION + " on projects/jitgate-prod-42")
                  .doesNotContain(n.request().id().value());
            });
  }

  static Stream<Arguments> whatEachOutcomeSays() {
    return Stream.of(
        Arguments.of(
            Kind.APPROVED,
            List.of(
                "was approved", "approver1@example.com, 2026-03-02 09:01 UTC", "ok for INC-4711")),
        Arguments.of(
            Kind.DENIED,
            List.of("denied by approver1@example.com", "Reason", "not during the change freeze")),
        Arguments.of(Kind.ACTIVE, List.of("is active until 2026-03-02 11:01 UTC")),
        Arguments.of(Kind.EXPIRED, List.of("has ended", "Ended", "2026-03-02 11:01 UTC")),
        Arguments.of(
            Kind.REVOKED,
            List.of("revoked by approver1@example.com", "incident closed", "2026-03-02 09:03 UTC")),
        Arguments.of(Kind.FAILED, List.of("could not grant", "the access window ended before")),
        Arguments.of(Kind.TIMED_OUT, List.of("not approved before", "2026-03-03 09:00 UTC")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("whatEachOutcomeSays")
  void outcome_tellsTheRequesterWhatHappened(Kind kind, List<String> phrases) {
    MailMessage mail = composer.compose(NotifyFixtures.outcome(kind)).get(0);

    phrases.forEach(p -> assertThat(mail.text()).contains(p));
    phrases.forEach(p -> assertThat(mail.html()).contains(p.replace("'", "&#39;")));
  }

  @Test
  void mailMessage_toString_hidesTheLinkAndBodies() {
    Notification n = NotifyFixtures.newRequest();
    MailMessage mail = composer.compose(n).get(0);

    assertThat(mail.toString())
        .doesNotContain(n.invites().get(0).token())
        .doesNotContain("/approvals/")
        .contains("approvalLink=<redacted>")
        .contains(APPROVER_1.email());
  }
}
