package dev.jitgate.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person, named by their e-mail address, kept in lower case so that comparisons are exact. An
 * address must already be in Unicode normal form (NFKC), and no character outside ASCII may fold
 * into an ASCII one: {@code "\u212Aarol@example.com"} (KELVIN SIGN) would otherwise become {@code
 * karol@example.com}, someone else.
 */
public record UserId(String email) {
  private static final Pattern FORM = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");

  public UserId {
    Objects.requireNonNull(email, "user e-mail");
    String trimmed = email.trim();
    if (!Normalizer.isNormalized(trimmed, Normalizer.Form.NFKC)
        || trimmed.codePoints().anyMatch(c -> c > 0x7F && Character.toLowerCase(c) <= 0x7F)) {
      throw new IllegalArgumentException(
          "an e-mail address must be in Unicode normal form (NFKC), without look-alikes of"
              + " ASCII letters");
    }
    email = trimmed.toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !FORM.matcher(email).matches()) {
      throw new IllegalArgumentException(
          "a user is named by an e-mail address, like a@example.com");
    }
  }

  public static boolean isValid(String email) {
    try {
      new UserId(email);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return email;
  }
}
