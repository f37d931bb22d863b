package dev.jitgate.http;

import dev.jitgate.domain.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: malformed input, such as the overlong {@code C0 AF} that a lenient decoder reads as
 * {@code /}, is refused instead of repaired. Front ends use it for what they decode themselves.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The text {@code bytes} encode.
   *
   * @param what names the bytes for the error, such as "the body"
   * @throws InvalidRequestException when they are not well-formed UTF-8
   */
  public static String decode(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(what + " is not valid UTF-8");
    }
  }
}
