package dev.jitgate.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Keys, clocks and hand-made tokens shared by the token tests. */
final class TokenFixtures {
  static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  static final Instant IN_ONE_HOUR = NOW.plusSeconds(3600);
  static final RequestId REQUEST = new RequestId("req-0001abcd");
  static final RequestId OTHER_REQUEST = new RequestId("req-0002wxyz");
  static final UserId APPROVER = new UserId("alice@example.com");
  static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";

  private TokenFixtures() {}

  /** A key whose secret is 32 bytes of {@code fill}, so tests can sign by hand. */
  static SigningKey key(String id, int fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return new SigningKey(id, secret);
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  static ApprovalTokens tokens(Instant now, SigningKey signing, SigningKey... others) {
    List<SigningKey> keys = new ArrayList<>(List.of(others));
    keys.add(0, signing);
    return new ApprovalTokens(keys, signing.id(), at(now));
  }

  /** A compact payload with the given JSON values, written out verbatim. */
  static String payload(String v, String kid, String rid, String apr, String exp, String n) {
    return String.format(
        "{\"v\":%s,\"kid\":%s,\"rid\":%s,\"apr\":%s,\"exp\":%s,\"n\":%s}",
        v, kid, rid, apr, exp, n);
  }

  /** A payload that verifies when signed with {@code kid}'s key and checked at {@link #NOW}. */
  static String validPayload(String kid) {
    return payload(
        "1",
        quote(kid),
        quote(REQUEST.value()),
        quote(APPROVER.email()),
        Long.toString(IN_ONE_HOUR.getEpochSecond()),
        quote(NONCE));
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }

  /** {@code json} signed with {@code key}, exactly as the token format prescribes. */
  static String sign(SigningKey key, String json) {
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    return b64(payload) + "." + b64(hmac(key.secret(), payload));
  }

  /** The token's payload swapped for {@code json}, keeping the original signature. */
  static String withPayload(String token, String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
  }

  static String payloadOf(String token) {
    byte[] bytes = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String signatureOf(String token) {
    return token.substring(token.indexOf('.') + 1);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hmac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Asserts the one, uninformative failure that every bad token gets. */
  static void assertRejected(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isExactlyInstanceOf(InvalidTokenException.class)
        .hasMessage("This approval link is not valid.")
        .hasNoCause();
  }
}
