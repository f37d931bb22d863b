package dev.jitgate.slack;

/** A Slack Web API call that failed; the message names the method and Slack's error code. */
public final class SlackException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;

  SlackException(String method, String error) {
    super("Slack " + method + " failed: " + error);
    this.error = error;
  }

  /** Slack's error code, such as {@code user_not_found}, or a description of the failure. */
  public String error() {
    return error;
  }
}
