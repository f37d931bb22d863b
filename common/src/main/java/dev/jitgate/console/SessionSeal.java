package dev.jitgate.console;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the console's cookie values, {@code base64url(json) "." base64url(HMAC-SHA256)}, each with
 * a purpose and an expiry, and makes and checks the CSRF tokens bound to a session. A value sealed
 * for one purpose never opens for another; an expired or altered one never opens at all.
 */
public final class SessionSeal {
  /** Far above any value we seal: a session with many groups stays under a browser's 4 KB. */
  static final int MAX_SEALED_LENGTH = 4096;

  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param key at least 32 bytes, such as {@link dev.jitgate.token.ApprovalTokens#derivedKey}
   */
  public SessionSeal(byte[] key, Clock clock) {
    Objects.requireNonNull(key, "key");
    if (key.length < 32) {
      throw new IllegalArgumentException("a session key is at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), HMAC_SHA256);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  Clock clock() {
    return clock;
  }

  /** A new JSON object to seal. */
  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** A random URL-safe value of 32 bytes, for session ids, states, nonces. */
  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** Seals {@code payload} for {@code purpose} until {@code expiresAt}. */
  String seal(String purpose, ObjectNode payload, Instant expiresAt) {
    ObjectNode sealed = payload.deepCopy();
    sealed.put("p", purpose);
    sealed.put("exp", expiresAt.getEpochSecond());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(sealed);
    } catch (IOException e) {
      throw new IllegalStateException("could not write a sealed value", e);
    }
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
  }

  /** The payload of a value sealed for {@code purpose} that has not expired; empty otherwise. */
  Optional<JsonNode> open(String purpose, String sealed) {
    if (sealed == null || sealed.length() > MAX_SEALED_LENGTH) {
      return Optional.empty();
    }
    int dot = sealed.indexOf('.');
    if (dot <= 0 || sealed.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] mac;
    try {
      payload = DECODER.decode(sealed.substring(0, dot));
      mac = DECODER.decode(sealed.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The MAC is checked, in constant time, before a byte of the payload is parsed.
    if (!MessageDigest.isEqual(mac(payload), mac)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null
        || !root.isObject()
        || !purpose.equals(root.path("p").asText(null))
        || !root.path("exp").canConvertToLong()
        || !clock.instant().isBefore(Instant.ofEpochSecond(root.path("exp").longValue()))) {
      return Optional.empty();
    }
    return Optional.of(root);
  }

  /** The CSRF token of the session (or front-door identity) {@code binding}. */
  String csrfToken(String binding) {
    return ENCODER.encodeToString(mac(("csrf|" + binding).getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether {@code presented} is the CSRF token of {@code binding}, compared in constant time. */
  boolean csrfMatches(String binding, String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] expected = csrfToken(binding).getBytes(StandardCharsets.US_ASCII);
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    boolean equal = MessageDigest.isEqual(expected, given);
    Arrays.fill(expected, (byte) 0);
    return equal;
  }

  private byte[] mac(byte[] data) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
