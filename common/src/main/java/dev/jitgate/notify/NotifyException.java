package dev.jitgate.notify;

/**
 * A notification that could not be delivered. Its message names the channel, the request and the
 * recipient or webhook, and never a token, an approval link, a webhook URL or a secret, because the
 * service logs it and records it in the audit trail.
 */
public class NotifyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotifyException(String message) {
    super(message);
  }

  public NotifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
