package dev.jitgate.azure.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How values become parts of a PartitionKey or RowKey. Azure refuses {@code / \ # ?} and the
 * control characters U+0000 to U+001F and U+007F to U+009F in both keys, and allows each at most 1
 * KiB ("Understanding the Table service data model"); RowKeys compare as strings.
 */
final class TableKeys {

  /**
   * The longest escaped value a key part keeps readable; a longer one becomes a hash. A prefix and
   * one part then stay below the 512 UTF-16 characters that fit in 1 KiB. Azure resource ids are
   * long: a role assignment's grant key (scope, role definition id, e-mail) is often 250 or more.
   */
  static final int MAX_READABLE = 400;

  /** Width of {@link #sortable}: the digits of the largest unsigned 64-bit number. */
  static final int SORTABLE_WIDTH = 20;

  private static final char HASHED = '~';

  private TableKeys() {}

  /**
   * {@code value} as a key part: each forbidden character, and {@code % ' ~} (the escape itself,
   * the OData quote, the mark of a hashed part), as {@code %XX}. An escaped value longer than
   * {@link #MAX_READABLE} becomes {@code ~} and its SHA-256 in hex. The mapping is injective:
   * escaped parts never contain {@code ~}, and hashes are taken to be collision-free; readers check
   * what they find against the request anyway.
   */
  static String part(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (mustEscape(c)) {
        escaped.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      } else {
        escaped.append(c);
      }
    }
    if (escaped.length() <= MAX_READABLE) {
      return escaped.toString();
    }
    return HASHED + HexFormat.of().formatHex(sha256(value));
  }

  /**
   * {@code value} as {@value #SORTABLE_WIDTH} digits whose string order is the numeric order of
   * every {@code long}, negative ones included: the sign bit is flipped, and the result read as
   * unsigned.
   */
  static String sortable(long value) {
    String digits = Long.toUnsignedString(value ^ Long.MIN_VALUE);
    return "0".repeat(SORTABLE_WIDTH - digits.length()) + digits;
  }

  /** Like {@link #sortable}, in reverse order: a later time sorts first. */
  static String sortableDescending(long value) {
    return sortable(~value);
  }

  /** {@code value} as an OData string literal, for a query filter. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static boolean mustEscape(char c) {
    return c <= 0x1F
        || (c >= 0x7F && c <= 0x9F)
        || c == '/'
        || c == '\\'
        || c == '#'
        || c == '?'
        || c == '%'
        || c == '\''
        || c == HASHED;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
