package dev.jitgate.token;

import static dev.jitgate.token.TokenFixtures.APPROVER;
import static dev.jitgate.token.TokenFixtures.IN_ONE_HOUR;
import static dev.jitgate.token.TokenFixtures.NONCE;
import static dev.jitgate.token.TokenFixtures.NOW;
import static dev.jitgate.token.TokenFixtures.OTHER_REQUEST;
import static dev.jitgate.token.TokenFixtures.REQUEST;
import static dev.jitgate.token.TokenFixtures.assertRejected;
import static dev.jitgate.token.TokenFixtures.key;
import static dev.jitgate.token.TokenFixtures.payload;
import static dev.jitgate.token.TokenFixtures.quote;
import static dev.jitgate.token.TokenFixtures.sign;
import static dev.jitgate.token.TokenFixtures.tokens;
import static dev.jitgate.token.TokenFixtures.validPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed tokens, and well-signed payloads of the wrong shape. */
class ApprovalTokenFormatTest {
  private static final SigningKey KEY = key("k1", 1);
  private static final ApprovalTokens TOKENS = tokens(NOW, KEY);
  private static final String TOKEN = TOKENS.issue(REQUEST, APPROVER, IN_ONE_HOUR);
  private static final String EXP = Long.toString(IN_ONE_HOUR.getEpochSecond());
  private static final String RID = quote(REQUEST.value());
  private static final String APR = quote(APPROVER.email());
  private static final String KID = quote("k1");
  private static final String N = quote(NONCE);

  static Stream<Arguments> malformedTokens() {
    String payloadPart = TOKEN.substring(0, TOKEN.indexOf('.'));
    String signaturePart = TOKEN.substring(TOKEN.indexOf('.') + 1);
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("empty", ""),
        Arguments.of("only a dot", "."),
        Arguments.of("no dot", payloadPart + signaturePart),
        Arguments.of("no signature", payloadPart + "."),
        Arguments.of("no payload", "." + signaturePart),
        Arguments.of("three parts", TOKEN + "." + signaturePart),
        Arguments.of("two dots", payloadPart + ".." + signaturePart),
        Arguments.of("standard base64 alphabet", TOKEN.replace('-', '+').replace('_', '/') + "+/"),
        Arguments.of("not base64", "!!!!.????"),
        Arguments.of("padded", payloadPart + "==." + signaturePart),
        Arguments.of("impossible base64 length", payloadPart + "A." + signaturePart),
        Arguments.of("leading space", " " + TOKEN),
        Arguments.of("trailing newline", TOKEN + "\n"),
        Arguments.of("oversized garbage", "A".repeat(4096) + "." + signaturePart));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTokens")
  void verify_whenTokenMalformed_rejects(String name, String token) {
    assertRejected(() -> TOKENS.verify(token));
  }

  @Test
  void verify_whenWellSignedValidPayload_accepts() {
    // The baseline for the cases below: a hand-signed payload verifies, so each rejection there is
    // down to the one thing that case changes.
    ApprovalClaims claims = TOKENS.verify(sign(KEY, validPayload("k1")));

    assertThat(claims.requestId()).isEqualTo(REQUEST);
    assertThat(claims.nonce()).isEqualTo(NONCE);
  }

  static Stream<Arguments> wronglyShapedPayloads() {
    String valid = validPayload("k1");
    return Stream.of(
        Arguments.of("not JSON", "hello"),
        Arguments.of("JSON array", "[" + valid + "]"),
        Arguments.of("JSON string", quote("k1")),
        Arguments.of("JSON null", "null"),
        Arguments.of("extra field", valid.replace("}", ",\"role\":\"admin\"}")),
        Arguments.of("missing nonce", valid.replace(",\"n\":" + N, "")),
        Arguments.of(
            "duplicate rid", valid.replace("}", ",\"rid\":" + quote(OTHER_REQUEST.value()) + "}")),
        Arguments.of("trailing content", valid + "{}"),
        Arguments.of("version 2", payload("2", KID, RID, APR, EXP, N)),
        Arguments.of("version 0", payload("0", KID, RID, APR, EXP, N)),
        Arguments.of("version as string", payload("\"1\"", KID, RID, APR, EXP, N)),
        Arguments.of("version as fraction", payload("1.0", KID, RID, APR, EXP, N)),
        Arguments.of("expiry as string", payload("1", KID, RID, APR, quote(EXP), N)),
        Arguments.of("expiry as fraction", payload("1", KID, RID, APR, EXP + ".5", N)),
        Arguments.of("expiry beyond long", payload("1", KID, RID, APR, "99999999999999999999", N)),
        Arguments.of(
            "expiry beyond Instant", payload("1", KID, RID, APR, "9000000000000000000", N)),
        Arguments.of("kid as number", payload("1", "1", RID, APR, EXP, N)),
        Arguments.of("rid as number", payload("1", KID, "12345678", APR, EXP, N)),
        Arguments.of("rid too short", payload("1", KID, quote("short"), APR, EXP, N)),
        Arguments.of("apr not an address", payload("1", KID, RID, quote("alice"), EXP, N)),
        Arguments.of("apr null", payload("1", KID, RID, "null", EXP, N)),
        Arguments.of("nonce too short", payload("1", KID, RID, APR, EXP, quote("AAECAwQF"))),
        Arguments.of(
            "nonce not base64url",
            payload("1", KID, RID, APR, EXP, quote("AAECAwQFBgcICQoLDA0OD+/"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wronglyShapedPayloads")
  void verify_whenWellSignedPayloadHasWrongShape_rejects(String name, String json) {
    assertRejected(() -> TOKENS.verify(sign(KEY, json)));
  }

  @Test
  void verify_whenWellSignedTokenExceedsTheLengthCap_rejects() {
    // given: the same valid payload, padded with JSON whitespace to exactly the cap and just over
    // (a base64 text is never 1 modulo 4 characters long, so "just over" is 2 more)
    String atCap = sign(KEY, padded(ApprovalTokens.MAX_TOKEN_LENGTH));
    String over = sign(KEY, padded(ApprovalTokens.MAX_TOKEN_LENGTH + 2));
    assertThat(atCap).hasSize(ApprovalTokens.MAX_TOKEN_LENGTH);
    assertThat(over).hasSize(ApprovalTokens.MAX_TOKEN_LENGTH + 2);
    assertThat(TOKENS.verify(atCap).requestId()).isEqualTo(REQUEST);

    // when / then
    assertRejected(() -> TOKENS.verify(over));
  }

  @Test
  void verify_failsTheSameWayWhateverTheReason() {
    // given: one failure of each kind
    String expired = tokens(IN_ONE_HOUR, KEY).issue(REQUEST, APPROVER, IN_ONE_HOUR.plusSeconds(1));
    String foreign = tokens(NOW, key("other", 2)).issue(REQUEST, APPROVER, IN_ONE_HOUR);
    String tamperedSignature = TOKEN.substring(0, TOKEN.length() - 5) + "AAAAA";
    List<ThrowingCallable> failures =
        List.of(
            () -> TOKENS.verify(""),
            () -> TOKENS.verify("no-dot"),
            () -> TOKENS.verify("a.b.c"),
            () -> TOKENS.verify("%%.%%"),
            () -> TOKENS.verify("A".repeat(5000)),
            () -> TOKENS.verify(tamperedSignature),
            () -> TOKENS.verify(foreign),
            () -> TOKENS.verify(sign(KEY, "not json")),
            () -> TOKENS.verify(sign(KEY, payload("2", KID, RID, APR, EXP, N))),
            () -> tokens(IN_ONE_HOUR.plusSeconds(1), KEY).verify(expired),
            () -> TOKENS.verifyFor(TOKEN, OTHER_REQUEST));

    // when
    List<Throwable> thrown = new ArrayList<>();
    failures.forEach(f -> thrown.add(catchThrowable(f)));

    // then
    assertThat(thrown)
        .hasSize(failures.size())
        .allSatisfy(
            t -> {
              assertThat(t).isExactlyInstanceOf(InvalidTokenException.class);
              assertThat(t.getMessage()).isEqualTo("This approval link is not valid.");
              assertThat(t.getCause()).isNull();
              assertThat(t.getStackTrace()).isEmpty();
              assertThat(t.getSuppressed()).isEmpty();
            });
  }

  /** The valid payload with spaces before its closing brace, so that its token is this long. */
  private static String padded(int tokenLength) {
    String json = validPayload("k1");
    int signatureAndDot = 44;
    int payloadChars = tokenLength - signatureAndDot;
    // base64 of n bytes without padding is ceil(4n / 3) characters; only some lengths occur.
    int bytes = payloadChars * 3 / 4;
    if ((bytes * 4 + 2) / 3 != payloadChars) {
      throw new IllegalArgumentException("no payload encodes to " + payloadChars + " characters");
    }
    return json.substring(0, json.length() - 1) + " ".repeat(bytes - json.length()) + "}";
  }
}
