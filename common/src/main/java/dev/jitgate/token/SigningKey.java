package dev.jitgate.token;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/** A named HMAC-SHA256 key for approval links; its secret never appears in {@link #toString}. */
public record SigningKey(String id, byte[] secret) {
  /** The shortest secret accepted, in bytes: the output size of SHA-256. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final Pattern ID_FORM = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  public SigningKey {
    Objects.requireNonNull(id, "key id");
    Objects.requireNonNull(secret, "key secret");
    if (!ID_FORM.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a key id is 1 to 32 characters of A-Z, a-z, 0-9, _ and -");
    }
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a signing key's secret is at least " + MIN_SECRET_BYTES + " bytes");
    }
    secret = secret.clone();
  }

  /** A copy of the secret, so that callers cannot change this key. */
  @Override
  public byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningKey that
        && id.equals(that.id)
        && MessageDigest.isEqual(secret, that.secret);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(secret);
  }

  @Override
  public String toString() {
    return "SigningKey[id=" + id + ", secret=<redacted>]";
  }
}
