package dev.jitgate.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A person, named by their e-mail address, kept in lower case so that comparisons are exact. */
public record UserId(String email) {
  private static final Pattern FORM = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");

  public UserId {
    Objects.requireNonNull(email, "user e-mail");
    email = email.trim().toLowerCase(Locale.ROOT);
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
