package dev.jitgate.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies approval-link tokens: {@code base64url(payload) "." base64url(HMAC-SHA256)},
 * where the payload is {@code {"v":1,"kid":…,"rid":…,"apr":…,"exp":…,"n":…}}.
 */
public final class ApprovalTokens {
  /**
   * The longest token looked at. The longest real one is about 1,350 characters: a 254-character
   * address of 3-byte UTF-8 characters, a 64-character request id and a 32-character key id.
   */
  static final int MAX_TOKEN_LENGTH = 2048;

  private static final int VERSION = 1;
  private static final int NONCE_BYTES = 16;
  private static final Pattern NONCE_FORM = Pattern.compile("[A-Za-z0-9_-]{22,64}");
  private static final Set<String> FIELDS = Set.of("v", "kid", "rid", "apr", "exp", "n");
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final List<Key> keys;
  private final Key signingKey;
  private final Clock clock;

  /** Signs new tokens with {@code signingKeyId}; accepts tokens signed with any of {@code keys}. */
  public ApprovalTokens(List<SigningKey> keys, String signingKeyId, Clock clock) {
    Objects.requireNonNull(keys, "signing keys");
    Objects.requireNonNull(signingKeyId, "signing key id");
    this.clock = Objects.requireNonNull(clock, "clock");
    List<Key> loaded = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Key signing = null;
    for (SigningKey key : keys) {
      Objects.requireNonNull(key, "signing key");
      if (!ids.add(key.id())) {
        throw new IllegalArgumentException("the key id " + key.id() + " is configured twice");
      }
      byte[] secret = key.secret();
      Key k = new Key(key.id(), new SecretKeySpec(secret, HMAC_SHA256));
      Arrays.fill(secret, (byte) 0);
      loaded.add(k);
      if (k.id().equals(signingKeyId)) {
        signing = k;
      }
    }
    if (signing == null) {
      throw new IllegalArgumentException(
          "the signing key id " + signingKeyId + " is not among the configured keys");
    }
    this.keys = List.copyOf(loaded);
    this.signingKey = signing;
  }

  /** A new token for {@code approver} to decide {@code requestId} until {@code expiresAt}. */
  public String issue(RequestId requestId, UserId approver, Instant expiresAt) {
    Objects.requireNonNull(requestId, "request id");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(expiresAt, "expiry");
    // Rounded down to whole seconds, and checked the way verify() checks it, so that a token is
    // never born expired.
    long exp = expiresAt.getEpochSecond();
    if (!clock.instant().isBefore(Instant.ofEpochSecond(exp))) {
      throw new IllegalArgumentException("an approval link must expire in the future");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    ObjectNode payload = JSON.createObjectNode();
    payload.put("v", VERSION);
    payload.put("kid", signingKey.id());
    payload.put("rid", requestId.value());
    payload.put("apr", approver.email());
    payload.put("exp", exp);
    payload.put("n", ENCODER.encodeToString(nonce));
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write an approval token's payload", e);
    }
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(hmac(signingKey, bytes));
  }

  /** The claims of a genuine, unexpired token; otherwise throws {@link InvalidTokenException}. */
  public ApprovalClaims verify(String token) {
    // Order matters. (1) Only the token's shape and base64 are checked before the MAC, never its
    // JSON. (2) Rather than read the kid out of unauthenticated JSON to pick a key, the MAC is
    // computed with every configured key and compared in constant time, without stopping at a
    // match, so the work is the same whatever kid the token names. (3) Only a payload that one of
    // our keys signed is parsed, and its kid must then name the key that matched.
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      throw invalid();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
      throw invalid();
    }
    byte[] payload = decode(token.substring(0, dot));
    byte[] mac = decode(token.substring(dot + 1));
    Key signer = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(hmac(key, payload), mac)) {
        signer = key;
      }
    }
    if (signer == null) {
      throw invalid();
    }
    return parse(payload, signer);
  }

  /** Like {@link #verify}, and also throws unless the token names {@code expected}. */
  public ApprovalClaims verifyFor(String token, RequestId expected) {
    Objects.requireNonNull(expected, "expected request id");
    ApprovalClaims claims = verify(token);
    if (!claims.requestId().equals(expected)) {
      throw invalid();
    }
    return claims;
  }

  /**
   * A 32-byte key for another purpose, derived from the active signing key as HMAC-SHA256(key,
   * "jitgate derived key: " + purpose): the console seals its cookies with one, so a deployment
   * needs no second secret, and rotating the signing key also ends every console session.
   */
  public byte[] derivedKey(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    return hmac(signingKey, ("jitgate derived key: " + purpose).getBytes(StandardCharsets.UTF_8));
  }

  /** A new key with 32 random bytes from {@link SecureRandom}. */
  public static SigningKey generateKey(String id) {
    byte[] secret = new byte[SigningKey.MIN_SECRET_BYTES];
    RANDOM.nextBytes(secret);
    try {
      return new SigningKey(id, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private ApprovalClaims parse(byte[] payload, Key signer) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      throw invalid();
    }
    if (root == null || !root.isObject() || root.size() != FIELDS.size()) {
      throw invalid();
    }
    for (String field : FIELDS) {
      if (!root.has(field)) {
        throw invalid();
      }
    }
    JsonNode v = root.get("v");
    JsonNode exp = root.get("exp");
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() != VERSION) {
      throw invalid();
    }
    if (!exp.isIntegralNumber() || !exp.canConvertToLong()) {
      throw invalid();
    }
    String kid = text(root, "kid");
    String nonce = text(root, "n");
    if (!kid.equals(signer.id()) || !NONCE_FORM.matcher(nonce).matches()) {
      throw invalid();
    }
    try {
      Instant expiresAt = Instant.ofEpochSecond(exp.longValue());
      if (!clock.instant().isBefore(expiresAt)) {
        throw invalid();
      }
      return new ApprovalClaims(
          new RequestId(text(root, "rid")), new UserId(text(root, "apr")), expiresAt, kid, nonce);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw invalid();
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (!node.isTextual()) {
      throw invalid();
    }
    return node.textValue();
  }

  private static byte[] decode(String part) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    // The decoder accepts padding and ignores the unused low bits of the last character;
    // re-encoding rejects both, so every token has exactly one spelling.
    if (!ENCODER.encodeToString(bytes).equals(part)) {
      throw invalid();
    }
    return bytes;
  }

  private static byte[] hmac(Key key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(key.secret());
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static InvalidTokenException invalid() {
    return new InvalidTokenException();
  }

  private record Key(String id, SecretKeySpec secret) {}
}
