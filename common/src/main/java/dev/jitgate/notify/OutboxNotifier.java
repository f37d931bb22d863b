package dev.jitgate.notify;

import dev.jitgate.port.Notification;
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
public final class OutboxNotifier extends MailNotifier {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path directory;
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
    super(composer);
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.summaries = summaries;
    this.from = MimeMails.sender(Objects.requireNonNull(from, "from"));
    this.session = Session.getInstance(MimeMails.baseProperties(this.from));
  }

  @Override
  public String name() {
    return "outbox";
  }

  /** Makes sure the directory exists; without it no mail can be written. */
  @Override
  protected Delivery open(Notification notification, String about) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new NotifyException(
          "outbox: cannot create the directory " + directory + ": " + reason(e), e);
    }
    Instant now = clock.instant();
    String prefix =
        STAMP.format(now) + "-" + notification.request().id() + "-" + notification.kind().id();
    return (mail, number) -> {
      Path file = write(mail, prefix + "-" + number, now);
      summaries.ifPresent(s -> s.accept(summary(mail, file)));
    };
  }

  @Override
  protected String reason(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Writes one mail whole under a free name; a failed write leaves no file behind. */
  private Path write(MailMessage mail, String base, Instant now)
      throws IOException, MessagingException {
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
    } catch (IOException | MessagingException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
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
}
