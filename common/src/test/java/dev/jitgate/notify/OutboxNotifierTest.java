package dev.jitgate.notify;

import static dev.jitgate.notify.NotifyFixtures.APPROVER_1;
import static dev.jitgate.notify.NotifyFixtures.APPROVER_2;
import static dev.jitgate.notify.NotifyFixtures.BASE_URL;
import static dev.jitgate.notify.NotifyFixtures.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.port.Notification;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxNotifierTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:05.123Z");
  private static final String FROM = "jitgate@example.com";

  @TempDir Path dir;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MessageComposer composer = new MessageComposer(BASE_URL);

  @Test
  void newRequest_writesOneEmlPerMail_namedByTimeRequestKindAndNumber() throws IOException {
    Path outbox = dir.resolve("outbox");
    Notification n = NotifyFixtures.newRequest();

    new OutboxNotifier(outbox, FROM, composer, clock).send(n);

    String id = n.request().id().value();
    assertThat(names(outbox))
        .containsExactly(
            "20260302T090005123Z-" + id + "-new_request-1.eml",
            "20260302T090005123Z-" + id + "-new_request-2.eml");
  }

  @Test
  void writtenFile_parsesBackAsTheMailWithTheApproversLink() throws Exception {
    Notification n = NotifyFixtures.newRequest();

    new OutboxNotifier(dir, FROM, composer, clock).send(n);

    MimeMessage second = parse(dir.resolve(names(dir).get(1)));
    assertThat(second.getRecipients(Message.RecipientType.TO))
        .containsExactly(new InternetAddress(APPROVER_2.email()));
    assertThat(second.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(second.getSubject()).startsWith("[jitgate] Approval needed");
    assertThat(second.getSentDate().toInstant()).isEqualTo(NOW.truncatedTo(ChronoUnit.SECONDS));
    MimeMultipart parts = (MimeMultipart) second.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    String link = BASE_URL + "/approvals/" + n.invites().get(1).token();
    assertThat((String) parts.getBodyPart(0).getContent()).contains(link);
    assertThat((String) parts.getBodyPart(1).getContent()).contains("href=\"" + link + "\"");
  }

  @Test
  void send_leavesNoTemporaryFiles_andNeverOverwritesAnEarlierMail() throws IOException {
    Notification n = NotifyFixtures.outcome(Notification.Kind.ACTIVE);
    OutboxNotifier outbox = new OutboxNotifier(dir, FROM, composer, clock);

    outbox.send(n);
    outbox.send(n);

    String base = "20260302T090005123Z-" + n.request().id() + "-active-1";
    try (Stream<Path> all = Files.list(dir)) {
      assertThat(all.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(base + "-2.eml", base + ".eml");
    }
  }

  @Test
  void summaries_getOneLinePerMail_withTheLinkOnlyForItsApprover() {
    List<String> lines = new ArrayList<>();
    Notification n = NotifyFixtures.newRequest();

    new OutboxNotifier(dir, FROM, composer, clock, lines::add).send(n);
    new OutboxNotifier(dir, FROM, composer, clock, lines::add)
        .send(NotifyFixtures.outcome(Notification.Kind.APPROVED));

    assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    assertThat(lines.get(0))
        .startsWith("mail to " + APPROVER_1.email() + ": [jitgate] Approval needed")
        .contains("review: " + BASE_URL + "/approvals/" + n.invites().get(0).token())
        .doesNotContain(n.invites().get(1).token())
        .endsWith("-new_request-1.eml");
    assertThat(lines.get(2))
        .startsWith("mail to " + REQUESTER.email() + ": [jitgate] Approved")
        .doesNotContain("/approvals/");
  }

  @Test
  void send_whenTheDirectoryCannotBeMade_throwsNamingIt() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    Notification n = NotifyFixtures.outcome(Notification.Kind.DENIED);

    assertThatThrownBy(
            () -> new OutboxNotifier(blocker.resolve("outbox"), FROM, composer, clock).send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith("outbox: cannot create the directory")
        .hasMessageContaining("not-a-directory");
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static MimeMessage parse(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return new MimeMessage(Session.getInstance(new Properties()), in);
    }
  }
}
