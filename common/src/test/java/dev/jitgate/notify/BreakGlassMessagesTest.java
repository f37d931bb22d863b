package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Webhook;
import dev.jitgate.port.Notification;
import dev.jitgate.store.TestRequests;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 14: a break-glass activation is loud in mail and chat, and carries no approval link. */
class BreakGlassMessagesTest {
  private final MessageComposer composer = new MessageComposer("https://jit.example.com");

  private static Notification breakGlass(NotifyTarget channel) {
    AccessRequest active = TestRequests.request().breakGlassActive();
    Entitlement base = NotifyFixtures.entitlement();
    Entitlement e =
        new Entitlement(
            base.id(),
            base.description(),
            base.grant(),
            base.requesters(),
            base.approvers(),
            base.approvalsRequired(),
            base.duration(),
            base.justification(),
            base.approvalTimeout(),
            base.signInRequired(),
            base.alsoNotify(),
            new dev.jitgate.domain.AttentionRule(
                Optional.empty(),
                Optional.empty(),
                List.of(),
                TestRequests.BREAK_GLASS.breakGlassMax(),
                List.of(channel)),
            base.extensions(),
            base.scheduleAhead());
    return new Notification(
        Notification.Kind.BREAK_GLASS,
        active,
        Optional.of(e),
        List.of(NotifyFixtures.invite(active, TestRequests.approver(1))));
  }

  @Test
  void compose_breakGlass_mailsTheApproverAndTheChannel_withBreakGlassInEverySubject() {
    Notification n = breakGlass(new NotifyTarget.Mail(new UserId("security@example.com")));

    List<MailMessage> mails = composer.compose(n);

    assertThat(mails)
        .extracting(m -> m.to().email())
        .containsExactly(TestRequests.approver(1).email(), "security@example.com");
    assertThat(mails)
        .allSatisfy(
            m -> {
              assertThat(m.subject()).startsWith("[jitgate] BREAK-GLASS: ");
              assertThat(m.approvalLink()).isEmpty();
              assertThat(m.text()).doesNotContain("/approvals/").contains("without approval");
            });
  }

  @Test
  void webhookText_breakGlass_startsWithBreakGlass_andTheChannelIsATarget() {
    Notification n = breakGlass(new NotifyTarget.Webhook("security-chat"));

    assertThat(WebhookBodies.headline(n)).startsWith("BREAK-GLASS: ").contains("must review");
    assertThat(WebhookBodies.json(n).get("event").asText()).isEqualTo("break_glass");
    assertThat(n.targets()).contains(new NotifyTarget.Webhook("security-chat"));
    assertThat(WebhookBodies.body(Webhook.Format.SLACK, n)).contains("BREAK-GLASS");
  }
}
