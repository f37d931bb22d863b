package dev.jitgate.port;

/**
 * A cloud refused or failed a grant or revoke. The message says what failed in terms a person can
 * act on (such as the missing permission) and never carries credentials.
 */
public class ProviderException extends RuntimeException {
  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
