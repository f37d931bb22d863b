package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {
  private static final String SECRET = "whsec_test-secret";
  private static final String BODY = "{\"event\":\"active\"}";
  private static final long T = 1772442120L;
  private static final Instant AT_T = Instant.ofEpochSecond(T);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void sign_isHmacSha256OfTimeDotBody_inLowerCaseHex() {
    // Computed apart from this code: Python's hmac.new(secret, b"1772442120." + body, sha256).
    assertThat(WebhookSignature.sign(SECRET, T, BODY))
        .isEqualTo(
            "t=1772442120,v1=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe3106");
  }

  @Test
  void verify_acceptsASignatureWithinTheTolerance_andAnyOfSeveralV1Values() {
    String header = WebhookSignature.sign(SECRET, T, BODY);
    String rotated = header.replace("v1=", "v1=" + "00".repeat(32) + ", v1=");

    assertThat(WebhookSignature.verify(header, SECRET, BODY, AT_T, FIVE_MINUTES)).isTrue();
    assertThat(WebhookSignature.verify(header, SECRET, BODY, AT_T.plusSeconds(300), FIVE_MINUTES))
        .isTrue();
    assertThat(WebhookSignature.verify(rotated, SECRET, BODY, AT_T, FIVE_MINUTES)).isTrue();
  }

  @Test
  void verify_rejectsATamperedBody_aWrongSecret_andAStaleOrFutureTime() {
    String header = WebhookSignature.sign(SECRET, T, BODY);

    assertThat(WebhookSignature.verify(header, SECRET, BODY + " ", AT_T, FIVE_MINUTES)).isFalse();
    assertThat(WebhookSignature.verify(header, SECRET + "x", BODY, AT_T, FIVE_MINUTES)).isFalse();
    assertThat(WebhookSignature.verify(header, SECRET, BODY, AT_T.plusSeconds(301), FIVE_MINUTES))
        .isFalse();
    assertThat(WebhookSignature.verify(header, SECRET, BODY, AT_T.minusSeconds(301), FIVE_MINUTES))
        .isFalse();
    String otherTime = header.replace("t=" + T, "t=" + (T + 1));
    assertThat(WebhookSignature.verify(otherTime, SECRET, BODY, AT_T, FIVE_MINUTES)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "t=1772442120",
        "v1=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe3106",
        "t=soon,v1=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe3106",
        "t=1772442120,t=1772442120,v1=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe3106",
        "t=1772442120,v1=not-hex",
        "t=1772442120,v1=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe310",
        "t=1772442120,v0=ea1bfc3ebe091ced0a5452441e340a4f805ebebd29bf5b72d2176c15bafe3106"
      })
  void verify_rejectsAMalformedHeader(String header) {
    assertThat(WebhookSignature.verify(header, SECRET, BODY, AT_T, FIVE_MINUTES)).isFalse();
  }
}
