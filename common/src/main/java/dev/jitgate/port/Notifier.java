package dev.jitgate.port;

/**
 * Tells people about requests: mail, webhooks, chat. A notifier that throws never fails the
 * transition that caused it; the service records the failure in the audit trail.
 */
public interface Notifier {

  /** A short name for the audit trail, such as {@code smtp} or {@code webhook}. */
  String name();

  void send(Notification notification);

  /**
   * Sends, and returns what the audit trail should keep about the delivery, such as where a chat
   * message landed so that later messages can thread under it. The service records these details in
   * the request's {@code notified} event, in the same write as the outcome.
   */
  default java.util.Map<String, String> deliver(Notification notification) {
    send(notification);
    return java.util.Map.of();
  }
}
