package dev.jitgate.notify;

import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes each mail as an RFC 822 {@code .eml} file into a directory instead of sending it: the
 * local runner's mail. A file is named {@code <timestamp>-<requestId>-<kind>-<n>.eml} and appears
 * whole: it is written to a hidden temporary file and then moved into place.
 *
 * <p>The optional summary consumer gets one line per mail, with the approval link when there is
 * one. That is a development convenience: a deployment must never log links, so only the local
 * runner passes a consumer, and it prints to its own console.
 */
public final class OutboxNotifier implements Notifier {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path directory;
  private final MessageComposer composer;
  private final Clock clock;
  private final Optional<Consumer<String>> summaries;
  private final InternetAddress from;
  private final Session session;

  /** An outbox that writes files and tells no one. */
  public OutboxNotifier(Path directory, String from, MessageComposer composer, Clock clock) {
    this(directory, from, composer, clock, Optional.empty());
  }

  /**
   * An outbox that also hands {@code summaries} one line per mail, approval link included. Never
   * pass a logger of a deployment here.
   */
  public OutboxNotifier(
      Path directory,
      String from,
      MessageComposer composer,
      Clock clock,
      Consumer<String> summaries) {
    this(directory, from, composer, clock, Optional.of(summaries));
  }

  private OutboxNotifier(
      Path directory,
      String from,
      MessageComposer composer,
      Clock clock,
      Optional<Consumer<String>> summaries) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.composer = Objects.requireNonNull(composer, "composer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.summaries = summaries;
    this.from = MimeMails.sender(Objects.requireNonNull(from, "from"));
    this.session = Session.getInstance(MimeMails.baseProperties(this.from));
  }

  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public void send(Notification notification) {
    List<MailMessage> mails = composer.compose(notification);
    if (mails.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new NotifyException(
          "outbox: cannot create the directory " + directory + ": " + describe(e), e);
    }
    String prefix =
        STAMP.format(now)
            + "-"
            + notification.request().id()
            + "-"
            + Display.event(notification.kind()).replace('_', '-');
    for (int i = 0; i < mails.size(); i++) {
      MailMessage mail = mails.get(i);
      Path file = write(mail, prefix + "-" + (i + 1), now);
      summaries.ifPresent(s -> s.accept(summary(mail, file)));
    }
  }

  private Path write(MailMessage mail, String base, Instant now) {
    Path temp = null;
    try {
      MimeMessage message = MimeMails.build(session, from, mail, now);
      temp = Files.createTempFile(directory, ".outbox-", ".tmp");
      try (OutputStream out = Files.newOutputStream(temp)) {
        message.writeTo(out);
      }
      Path target = freeName(base);
      // A rename within one directory is atomic: a reader sees no file or the whole file.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException | MessagingException e) {
      deleteQuietly(temp);
      throw new NotifyException(
          "outbox: cannot write the "
              + Display.event(mail.kind())
              + " mail for request "
              + mail.request()
              + " to "
              + mail.to()
              + " into "
              + directory
              + ": "
              + describe(e),
          e);
    }
  }

  /**
   * {@code base.eml}, or {@code base-2.eml} and so on when a mail for the same request and kind was
   * written in the same millisecond. An outbox has one writer, so checking first is enough.
   */
  private Path freeName(String base) {
    Path target = directory.resolve(base + ".eml");
    for (int n = 2; Files.exists(target); n++) {
      target = directory.resolve(base + "-" + n + ".eml");
    }
    return target;
  }

  private static String summary(MailMessage mail, Path file) {
    return "mail to "
        + mail.to()
        + ": "
        + mail.subject()
        + mail.approvalLink().map(link -> " | review: " + link).orElse("")
        + " | "
        + file.getFileName();
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // The hidden temporary file is harmless; the write failure is what gets reported.
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
