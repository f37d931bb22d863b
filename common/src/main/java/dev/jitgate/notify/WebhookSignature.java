package dev.jitgate.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the {@code X-Jitgate-Signature} header of JSON webhooks: {@code t=<unix
 * seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, the secret taken as UTF-8. Receivers
 * check it with {@link #verify} and reject stale timestamps to stop replays.
 */
public final class WebhookSignature {
  /** The header that carries the signature. */
  public static final String HEADER = "X-Jitgate-Signature";

  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code t} (unix seconds). */
  public static String sign(String secret, long t, String body) {
    return "t=" + t + ",v1=" + HEX.formatHex(mac(secret, t, body));
  }

  /**
   * True when {@code header} holds a {@code v1} signature of {@code body} under {@code secret}, and
   * its {@code t} is within {@code tolerance} of {@code now}. Any malformed header is false.
   * Several {@code v1} values are allowed, so that senders can rotate secrets.
   */
  public static boolean verify(
      String header, String secret, String body, Instant now, Duration tolerance) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(tolerance, "tolerance");
    if (header == null || secret.isEmpty()) {
      return false;
    }
    Long t = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        return false;
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      try {
        if (key.equals("t")) {
          if (t != null) {
            return false;
          }
          t = Long.parseLong(value);
        } else if (key.equals("v1")) {
          signatures.add(HEX.parseHex(value));
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (t == null || signatures.isEmpty()) {
      return false;
    }
    long skew = Math.abs(now.getEpochSecond() - t);
    if (skew > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = mac(secret, t, body);
    boolean match = false;
    for (byte[] candidate : signatures) {
      // Constant time, and every candidate is compared, so timing tells nothing.
      match |= MessageDigest.isEqual(expected, candidate);
    }
    return match;
  }

  private static byte[] mac(String secret, long t, String body) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook signing secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
      return mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
