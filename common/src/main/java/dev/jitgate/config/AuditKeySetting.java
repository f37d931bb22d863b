package dev.jitgate.config;

import dev.jitgate.audit.AuditKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code JITGATE_AUDIT_KEY}: the key that seals audit events, standard base64 of at least 32 random
 * bytes. It must be a secret of its own, apart from the approval-link keys. Errors never repeat it.
 */
public final class AuditKeySetting {
  public static final String NAME = "JITGATE_AUDIT_KEY";

  private AuditKeySetting() {}

  public static AuditKey read(Environment env) {
    return parse(
        env, env.required(NAME, "the audit key: standard base64 of at least 32 random bytes"));
  }

  /** The key in {@code value}, as {@link #read} checks it; for a value decrypted at start-up. */
  public static AuditKey parse(Environment env, String value) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw env.invalid(NAME, "must be standard base64");
    }
    try {
      return new AuditKey(secret);
    } catch (IllegalArgumentException e) {
      throw env.invalid(NAME, "must hold at least " + AuditKey.MIN_BYTES + " bytes");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
