package dev.jitgate.token;

import static dev.jitgate.token.TokenFixtures.APPROVER;
import static dev.jitgate.token.TokenFixtures.IN_ONE_HOUR;
import static dev.jitgate.token.TokenFixtures.NOW;
import static dev.jitgate.token.TokenFixtures.OTHER_REQUEST;
import static dev.jitgate.token.TokenFixtures.REQUEST;
import static dev.jitgate.token.TokenFixtures.assertRejected;
import static dev.jitgate.token.TokenFixtures.key;
import static dev.jitgate.token.TokenFixtures.payloadOf;
import static dev.jitgate.token.TokenFixtures.sign;
import static dev.jitgate.token.TokenFixtures.signatureOf;
import static dev.jitgate.token.TokenFixtures.tokens;
import static dev.jitgate.token.TokenFixtures.withPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApprovalTokensTest {
  private static final SigningKey KEY = key("2025-06", 1);

  @Test
  void issue_thenVerify_returnsTheClaims() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);

    // when
    ApprovalClaims claims = tokens.verify(tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR));

    // then
    assertThat(claims.requestId()).isEqualTo(REQUEST);
    assertThat(claims.approver()).isEqualTo(APPROVER);
    assertThat(claims.expiresAt()).isEqualTo(IN_ONE_HOUR);
    assertThat(claims.keyId()).isEqualTo("2025-06");
    assertThat(Base64.getUrlDecoder().decode(claims.nonce())).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void issue_writesCompactPayloadAndUnpaddedSignature() {
    // when
    String token = tokens(NOW, KEY).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // then
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(payloadOf(token))
        .matches(
            "\\{\"v\":1,\"kid\":\"2025-06\",\"rid\":\"req-0001abcd\",\"apr\":\"alice@example.com\","
                + "\"exp\":"
                + IN_ONE_HOUR.getEpochSecond()
                + ",\"n\":\"[A-Za-z0-9_-]{22}\"}");
  }

  @Test
  void issue_twiceForTheSameInputs_differsByNonce() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);

    // when
    String first = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);
    String second = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // then
    assertThat(first).isNotEqualTo(second);
    assertThat(tokens.verify(first).nonce()).isNotEqualTo(tokens.verify(second).nonce());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "rid, \"rid\":\"req-0001abcd\", \"rid\":\"req-0001abce\"",
    "apr, \"apr\":\"alice@example.com\", \"apr\":\"alicf@example.com\"",
    "exp, \"exp\":1748775600, \"exp\":1748775609",
  })
  void verify_whenPayloadTampered_rejects(String field, String original, String tampered) {
    // given: a token whose payload has one character changed, but which would verify if re-signed
    ApprovalTokens tokens = tokens(NOW, KEY);
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);
    assertThat(payloadOf(token)).contains(original);
    String changed = payloadOf(token).replace(original, tampered);
    assertThat(tokens.verify(sign(KEY, changed))).isNotNull();

    // when / then
    assertRejected(() -> tokens.verify(withPayload(token, changed)));
  }

  @Test
  void verify_whenSignatureTampered_rejects() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);
    int i = token.indexOf('.') + 10;
    String tampered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

    // when / then
    assertRejected(() -> tokens.verify(tampered));
  }

  @Test
  void verify_whenSignatureSpelledWithOtherUnusedBits_rejects() {
    // given: the signature's last character changed only in bits that base64 decoding ignores
    ApprovalTokens tokens = tokens(NOW, KEY);
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    String respelled =
        token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    Base64.Decoder decoder = Base64.getUrlDecoder();
    assertThat(decoder.decode(signatureOf(respelled)))
        .isEqualTo(decoder.decode(signatureOf(token)));

    // when / then
    assertRejected(() -> tokens.verify(respelled));
  }

  @Test
  void verifyFor_whenTokenNamesItsRequest_returnsTheClaims() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when
    ApprovalClaims claims = tokens.verifyFor(token, REQUEST);

    // then
    assertThat(claims.requestId()).isEqualTo(REQUEST);
  }

  @Test
  void verifyFor_whenTokenNamesAnotherRequest_rejects() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when / then
    assertRejected(() -> tokens.verifyFor(token, OTHER_REQUEST));
  }

  @ParameterizedTest(name = "checked {0} after issue")
  @CsvSource({"PT59M59.999999999S", "PT1S", "PT0S"})
  void verify_beforeExpiry_accepts(Duration after) {
    // given
    String token = tokens(NOW, KEY).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when
    ApprovalClaims claims = tokens(NOW.plus(after), KEY).verify(token);

    // then
    assertThat(claims.expiresAt()).isEqualTo(IN_ONE_HOUR);
  }

  @ParameterizedTest(name = "checked {0} after issue")
  @CsvSource({"PT1H", "PT1H0.000000001S", "PT2H", "P30D"})
  void verify_atOrAfterExpiry_rejects(Duration after) {
    // given
    String token = tokens(NOW, KEY).issue(REQUEST, APPROVER, IN_ONE_HOUR);
    ApprovalTokens later = tokens(NOW.plus(after), KEY);

    // when / then
    assertRejected(() -> later.verify(token));
  }

  @Test
  void issue_roundsExpiryDownToWholeSeconds() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);

    // when
    String token = tokens.issue(REQUEST, APPROVER, IN_ONE_HOUR.plusMillis(999));

    // then
    assertThat(tokens.verify(token).expiresAt()).isEqualTo(IN_ONE_HOUR);
  }

  @Test
  void issue_whenExpiryNotInTheFuture_throws() {
    // given
    ApprovalTokens tokens = tokens(NOW, KEY);

    // when / then
    assertThatThrownBy(() -> tokens.issue(REQUEST, APPROVER, NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue(REQUEST, APPROVER, NOW.plusMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_afterRotation_acceptsTokensOfTheOldKeyWhileItIsConfigured() {
    // given
    SigningKey old = key("2025-01", 1);
    SigningKey current = key("2025-07", 2);
    String token = tokens(NOW, old).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when
    ApprovalClaims claims = tokens(NOW, current, old).verify(token);

    // then
    assertThat(claims.keyId()).isEqualTo("2025-01");
    assertThat(claims.requestId()).isEqualTo(REQUEST);
  }

  @Test
  void verify_afterOldKeyRemoved_rejectsItsTokens() {
    // given
    SigningKey old = key("2025-01", 1);
    SigningKey current = key("2025-07", 2);
    String token = tokens(NOW, old).issue(REQUEST, APPROVER, IN_ONE_HOUR);
    ApprovalTokens retired = tokens(NOW, current);

    // when / then
    assertRejected(() -> retired.verify(token));
  }

  @Test
  void issue_afterRotation_signsWithTheNewKey() {
    // given
    SigningKey old = key("2025-01", 1);
    SigningKey current = key("2025-07", 2);

    // when
    String token = tokens(NOW, current, old).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // then
    assertThat(payloadOf(token)).contains("\"kid\":\"2025-07\"");
    assertThat(tokens(NOW, current).verify(token).keyId()).isEqualTo("2025-07");
    assertRejected(() -> tokens(NOW, old).verify(token));
  }

  @Test
  void verify_whenKidUnknown_rejects() {
    // given: a token from a deployment whose key we do not have
    String token = tokens(NOW, key("elsewhere", 9)).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when / then
    assertRejected(() -> tokens(NOW, KEY).verify(token));
  }

  @Test
  void verify_whenKeyIdMatchesButSecretDiffers_rejects() {
    // given
    String token = tokens(NOW, key("2025-06", 7)).issue(REQUEST, APPROVER, IN_ONE_HOUR);

    // when / then
    assertRejected(() -> tokens(NOW, KEY).verify(token));
  }

  @Test
  void verify_whenKidNamesAnotherConfiguredKeyThanTheSigner_rejects() {
    // given: signed with key a, but the payload claims key b; both are configured
    SigningKey a = key("a", 1);
    SigningKey b = key("b", 2);
    ApprovalTokens tokens = tokens(NOW, a, b);
    assertThat(tokens.verify(sign(a, TokenFixtures.validPayload("a")))).isNotNull();

    // when / then
    assertRejected(() -> tokens.verify(sign(a, TokenFixtures.validPayload("b"))));
  }

  @Test
  void new_whenSigningKeyIdNotConfigured_throws() {
    assertThatThrownBy(() -> new ApprovalTokens(List.of(KEY), "missing", TokenFixtures.at(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> new ApprovalTokens(List.of(), "2025-06", TokenFixtures.at(NOW)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void new_whenKeyIdConfiguredTwice_throws() {
    // given
    List<SigningKey> keys = List.of(key("k", 1), key("k", 2));

    // when / then
    assertThatThrownBy(() -> new ApprovalTokens(keys, "k", TokenFixtures.at(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void generateKey_returns32FreshRandomBytes() {
    // when
    SigningKey first = ApprovalTokens.generateKey("k1");
    SigningKey second = ApprovalTokens.generateKey("k1");

    // then
    assertThat(first.id()).isEqualTo("k1");
    assertThat(first.secret()).hasSize(32);
    assertThat(first.secret()).isNotEqualTo(second.secret()).isNotEqualTo(new byte[32]);
  }

  @Test
  void verify_usesTheInjectedClock() {
    // given: a token that expired long before the real now, checked by a clock set before expiry
    Instant past = Instant.parse("2001-01-01T00:00:00Z");
    String token = tokens(past, KEY).issue(REQUEST, APPROVER, past.plusSeconds(60));

    // when
    ApprovalClaims claims = tokens(past.plusSeconds(59), KEY).verify(token);

    // then
    assertThat(claims.expiresAt()).isEqualTo(past.plusSeconds(60));
  }
}
