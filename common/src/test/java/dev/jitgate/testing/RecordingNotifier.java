package dev.jitgate.testing;

import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Notifier} for tests that keeps what it was sent and can be told to fail. */
public final class RecordingNotifier implements Notifier {
  private final List<Notification> sent = new ArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();

  public RecordingNotifier failing(boolean fail) {
    failing.set(fail);
    return this;
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public synchronized void send(Notification notification) {
    if (failing.get()) {
      throw new IllegalStateException("mail server refused the connection");
    }
    sent.add(notification);
  }

  public synchronized List<Notification> sent() {
    return List.copyOf(sent);
  }

  public List<Notification> sent(Notification.Kind kind) {
    return sent().stream().filter(n -> n.kind() == kind).toList();
  }
}
