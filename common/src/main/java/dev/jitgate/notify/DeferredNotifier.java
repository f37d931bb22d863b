package dev.jitgate.notify;

import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A notifier built on first use, so that a function instance that only answers reads never pays for
 * a mail or webhook client at cold start. {@link #prepare()} builds it ahead of time, for SnapStart
 * priming.
 */
public final class DeferredNotifier implements Notifier {
  private final String name;
  private final Supplier<Notifier> factory;
  private Notifier notifier;

  /**
   * @param name the built notifier's {@link Notifier#name()}, known before it is built
   */
  public DeferredNotifier(String name, Supplier<Notifier> factory) {
    this.name = Objects.requireNonNull(name, "name");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Notification notification) {
    prepare().send(notification);
  }

  @Override
  public java.util.Map<String, String> deliver(Notification notification) {
    return prepare().deliver(notification);
  }

  /** The notifier, built now if it was not yet. */
  public synchronized Notifier prepare() {
    if (notifier == null) {
      notifier = factory.get();
    }
    return notifier;
  }
}
