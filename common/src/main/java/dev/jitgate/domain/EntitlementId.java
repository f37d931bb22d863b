package dev.jitgate.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/** The id of an entitlement in the policy: lower-case letters, digits and dashes. */
public record EntitlementId(String value) {
  private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  public EntitlementId {
    Objects.requireNonNull(value, "entitlement id");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "an entitlement id is 2 to 63 characters of a-z, 0-9 and '-', starting with a letter or"
              + " digit");
    }
  }

  public static boolean isValid(String value) {
    return value != null && FORM.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
