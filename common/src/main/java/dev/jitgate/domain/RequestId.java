package dev.jitgate.domain;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/** The opaque, URL-safe id of an access request. */
public record RequestId(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public RequestId {
    Objects.requireNonNull(value, "request id");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("a request id is 8 to 64 URL-safe characters");
    }
  }

  /** A new id with 128 random bits. */
  public static RequestId random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new RequestId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  public static boolean isValid(String value) {
    return value != null && FORM.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
