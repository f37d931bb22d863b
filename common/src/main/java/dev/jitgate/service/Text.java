package dev.jitgate.service;

import dev.jitgate.domain.InvalidRequestException;

/**
 * The limits on free text that people type: length, and no control characters but tab and newline.
 */
final class Text {
  static final int MAX_LENGTH = 1024;

  private Text() {}

  /** Returns the text, or "" when absent, after checking its length and characters. */
  static String check(String field, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw new InvalidRequestException(field + " is required");
      }
      return value == null ? "" : value.strip();
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRequestException(
          field + " is " + value.length() + " characters; at most " + MAX_LENGTH + " are allowed");
    }
    boolean control =
        value.codePoints().anyMatch(c -> c != '\t' && c != '\n' && Character.isISOControl(c));
    if (control) {
      throw new InvalidRequestException(
          field + " contains a control character; only tab and newline are allowed");
    }
    return value.strip();
  }
}
