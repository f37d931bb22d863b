package dev.jitgate.port;

/**
 * No caller could be established. The message is safe to show the client and never says which check
 * failed in a way that helps forge a token.
 */
public final class UnauthenticatedException extends RuntimeException {
  public UnauthenticatedException(String message) {
    super(message, null, false, false);
  }
}
