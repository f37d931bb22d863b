package dev.jitgate.port;

/**
 * Tells people about requests: mail, webhooks, chat. A notifier that throws never fails the
 * transition that caused it; the service records the failure in the audit trail.
 */
public interface Notifier {

  /** A short name for the audit trail, such as {@code smtp} or {@code webhook}. */
  String name();

  void send(Notification notification);
}
