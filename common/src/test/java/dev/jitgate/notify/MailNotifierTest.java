package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.port.Notification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one way every mail channel sends: each mail tried, every failure reported once at the end.
 */
class MailNotifierTest {
  private final List<String> delivered = new ArrayList<>();
  private boolean closed;

  @Test
  void aFailedMail_doesNotStopTheNext_andEveryFailureIsReportedOnce() {
    Notification n = NotifyFixtures.newRequest();
    MailNotifier notifier = failingFor(NotifyFixtures.APPROVER_1.email());

    Throwable thrown = catchThrowable(() -> notifier.send(n));

    assertThat(delivered).containsExactly(NotifyFixtures.APPROVER_2.email());
    assertThat(closed).isTrue();
    assertThat(thrown)
        .isInstanceOf(NotifyException.class)
        .hasMessage(
            "test: 1 of 2 new_request mails for request "
                + n.request().id()
                + " were not sent: "
                + NotifyFixtures.APPROVER_1.email()
                + " (mailbox full)");
    assertThat(thrown.getMessage()).doesNotContain(n.invites().get(0).token());
  }

  @Test
  void everyMailDelivered_throwsNothing() {
    failingFor("nobody@example.com").send(NotifyFixtures.newRequest());

    assertThat(delivered).hasSize(2);
    assertThat(closed).isTrue();
  }

  private MailNotifier failingFor(String recipient) {
    return new MailNotifier(new MessageComposer("https://jitgate.example.com")) {
      @Override
      public String name() {
        return "test";
      }

      @Override
      protected Delivery open(Notification notification, String about) {
        return new Delivery() {
          @Override
          public void deliver(MailMessage mail, int number) {
            if (mail.to().email().equals(recipient)) {
              throw new IllegalStateException("mailbox full");
            }
            delivered.add(mail.to().email());
          }

          @Override
          public void close() {
            closed = true;
          }
        };
      }

      @Override
      protected String reason(Exception e) {
        return e.getMessage();
      }
    };
  }
}
