package dev.jitgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals audit events: {@code seal = HMAC-SHA256(key, "jitgate-audit:" + hash)}. It is
 * kept apart from the approval-link keys, so that holding one never lets anyone forge the other. A
 * chain verifies only when it is unbroken and every event carries the seal this key gives it.
 */
public final class AuditKey {
  /** The smallest key accepted: HMAC-SHA256's block of strength. */
  public static final int MIN_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** A key of at least {@value #MIN_BYTES} bytes; {@code secret} is copied. */
  public AuditKey(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "the audit key must be at least " + MIN_BYTES + " bytes, not " + secret.length);
    }
    this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
  }

  /** {@code events} with every unsealed event sealed; sealed ones are kept as they are. */
  public List<AuditEvent> seal(List<AuditEvent> events) {
    List<AuditEvent> sealed = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      sealed.add(event.seal() == null ? event.withSeal(sealOf(event)) : event);
    }
    return List.copyOf(sealed);
  }

  /**
   * Checks the chain ({@link AuditChain#verify}) and then every event's seal, in constant time. An
   * unsealed event fails: stripping the seals must not make a chain pass.
   */
  public AuditChain.Verification verify(String requestId, List<AuditEvent> events) {
    AuditChain.Verification chain = AuditChain.verify(requestId, events);
    if (!chain.valid()) {
      return chain;
    }
    for (AuditEvent event : events) {
      if (event.seal() == null) {
        return AuditChain.Verification.broken(
            event.seq(), "event " + event.seq() + " is not sealed with the audit key");
      }
      if (!MessageDigest.isEqual(ascii(event.seal()), ascii(sealOf(event)))) {
        return AuditChain.Verification.broken(
            event.seq(), "event " + event.seq() + " does not carry this deployment's seal");
      }
    }
    return AuditChain.Verification.VALID;
  }

  /** Whether {@code event} carries the seal this key gives it; false when it has none. */
  public boolean sealMatches(AuditEvent event) {
    return event.seal() != null && MessageDigest.isEqual(ascii(event.seal()), ascii(sealOf(event)));
  }

  /**
   * The seal of an audit export's end line, over {@code summary} (its range, event count and the
   * digest of its lines); a text of its own prefix, so it can never stand in for an event's seal.
   */
  public String exportSeal(String summary) {
    return mac("jitgate-audit-export:" + summary);
  }

  /**
   * A fingerprint that tells two keys apart without revealing either: the MAC of a fixed text no
   * seal is ever made of, so it cannot stand in for a seal. Deployments sharing a store compare it.
   */
  public String fingerprint() {
    return mac("jitgate-audit-key-fingerprint").substring(0, 32);
  }

  private String sealOf(AuditEvent event) {
    return mac("jitgate-audit:" + event.hash());
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "AuditKey[<redacted>]";
  }
}
