package dev.jitgate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.testing.MutableClock;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A local runner started by a test on a free loopback port, and a client for it. */
final class RunningSystem implements AutoCloseable {
  static final Path EXAMPLE_POLICY = Path.of("..", "examples", "policy.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LINK =
      Pattern.compile("https?://[^\\s\"<>]+/approvals/[A-Za-z0-9_.-]+");

  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Path data;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final LocalRunner runner;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RunningSystem(Path data) {
    this(data, EXAMPLE_POLICY);
  }

  RunningSystem(Path data, Path policy) {
    this.data = data;
    LocalSettings settings =
        new LocalSettings(Optional.of(policy), 0, data, Optional.empty(), Duration.ofHours(1));
    runner =
        LocalRunner.start(
            settings,
            settings.loadPolicy().policy(),
            clock,
            new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  String base() {
    return "http://127.0.0.1:" + runner.port();
  }

  HttpResponse<String> get(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (user != null) {
      b.header("X-Jitgate-User", user);
    }
    return send(b.build());
  }

  HttpResponse<String> post(String path, String user, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("X-Jitgate-User", user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<String> postForm(String url, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  HttpResponse<String> getUrl(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outbox's mails, parsed as RFC 822 messages. */
  List<MimeMessage> outbox() {
    Path dir = data.resolve("outbox");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      Session session = Session.getInstance(new Properties());
      return files
          .filter(p -> p.toString().endsWith(".eml"))
          .sorted()
          .map(
              p -> {
                try (InputStream in = Files.newInputStream(p)) {
                  return new MimeMessage(session, in);
                } catch (Exception e) {
                  throw new IllegalStateException("cannot read " + p, e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The approval link in the plain-text part of the mail to {@code approver} about a request. */
  String approvalLink(String approver, String requestId) {
    for (MimeMessage mail : outbox()) {
      try {
        String to = mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString();
        String text = plainText(mail);
        if (to.contains(approver) && text.contains(requestId)) {
          Matcher m = LINK.matcher(text);
          if (m.find()) {
            return m.group();
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException("cannot read a mail", e);
      }
    }
    throw new AssertionError("no mail with a link to " + approver + " for " + requestId);
  }

  private static String plainText(MimeMessage mail) throws Exception {
    Object content = mail.getContent();
    if (content instanceof String s) {
      return s;
    }
    Multipart parts = (Multipart) content;
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return part.getContent().toString();
      }
    }
    throw new IllegalStateException("the mail has no text part");
  }

  String consoleText() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    runner.close();
  }
}
