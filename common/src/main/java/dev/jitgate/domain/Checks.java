package dev.jitgate.domain;

import java.util.Objects;

/** Argument checks shared by the value records of this package. */
final class Checks {
  private Checks() {}

  static String text(String value, String name, int maxLength) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  /** True when the text holds a control character other than tab and newline. */
  static boolean hasForbiddenControl(String value) {
    return value
        .codePoints()
        .anyMatch(c -> c != '\t' && c != '\n' && (Character.getType(c) == Character.CONTROL));
  }
}
