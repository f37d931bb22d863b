package dev.jitgate.slack;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks that a request comes from Slack (Slack's "verifying requests" rules): {@code
 * X-Slack-Signature} must be the HMAC-SHA256 of {@code v0:<timestamp>:<body>} under the app's
 * signing secret, computed by the SDK's {@link SlackSignature.Generator}, and {@code
 * X-Slack-Request-Timestamp} at most 5 minutes from now by the injected clock. The comparison is in
 * constant time (the SDK's own {@code Verifier} uses {@code String.equals}). A request that passes
 * is remembered by the {@link ReplayGuard} until its timestamp leaves the window.
 */
final class SlackSignatureCheck {
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final SlackSignature.Generator generator;
  private final ReplayGuard replays;
  private final Clock clock;

  SlackSignatureCheck(String signingSecret, ReplayGuard replays, Clock clock) {
    this.generator = new SlackSignature.Generator(signingSecret);
    this.replays = replays;
    this.clock = clock;
  }

  /** Why the request is refused, or empty when it is Slack's and seen for the first time. */
  Optional<Refusal> refusal(Optional<String> timestamp, Optional<String> signature, byte[] body) {
    if (timestamp.isEmpty() || signature.isEmpty()) {
      return Optional.of(
          Refusal.Kind.UNSIGNED.because(
              "the request lacks X-Slack-Signature or X-Slack-Request-Timestamp"));
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.get().strip());
    } catch (NumberFormatException e) {
      return Optional.of(
          Refusal.Kind.UNSIGNED.because("X-Slack-Request-Timestamp is not a Unix time in seconds"));
    }
    Instant now = clock.instant();
    Instant sent = Instant.ofEpochSecond(seconds);
    if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
      return Optional.of(
          Refusal.Kind.UNSIGNED.because(
              "X-Slack-Request-Timestamp is more than 5 minutes from this server's time"));
    }
    String expected =
        generator.generate(timestamp.get().strip(), new String(body, StandardCharsets.UTF_8));
    if (expected == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            signature.get().strip().getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(
          Refusal.Kind.UNSIGNED.because("X-Slack-Signature does not match the signing secret"));
    }
    if (!replays.firstTime(signature.get().strip(), sent.plus(MAX_SKEW), now)) {
      return Optional.of(
          Refusal.Kind.REPLAYED.because("this signed Slack request was already taken"));
    }
    return Optional.empty();
  }

  /** A refused request: unsigned (401) or replayed (409). */
  record Refusal(Kind kind, String message) {
    enum Kind {
      UNSIGNED,
      REPLAYED;

      Refusal because(String message) {
        return new Refusal(this, message);
      }
    }
  }
}
