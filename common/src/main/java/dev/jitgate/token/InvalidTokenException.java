package dev.jitgate.token;

/**
 * Thrown for any approval link that does not verify. The message is the same whatever the reason,
 * and no cause or stack trace is kept, so nothing tells a caller what was wrong with the link.
 */
public final class InvalidTokenException extends RuntimeException {
  /** The only message this exception ever carries. */
  public static final String MESSAGE = "This approval link is not valid.";

  public InvalidTokenException() {
    super(MESSAGE, null, false, false);
  }
}
