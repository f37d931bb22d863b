package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.port.Notification;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.testing.RecordingNotifier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A notifier built on its first use, once. */
class DeferredNotifierTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final AtomicInteger built = new AtomicInteger();
  private final RecordingNotifier target = new RecordingNotifier();
  private final DeferredNotifier deferred =
      new DeferredNotifier(
          "recording",
          () -> {
            built.incrementAndGet();
            return target;
          });

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void nothingIsBuiltUntilTheFirstSend_andThenOnlyOnce() {
    assertThat(deferred.name()).isEqualTo("recording");
    assertThat(built).hasValue(0);
    harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-1: fix");
    Notification notification = harness.notifier.sent(Notification.Kind.NEW_REQUEST).get(0);

    deferred.send(notification);
    deferred.send(notification);

    assertThat(built).hasValue(1);
    assertThat(target.sent()).hasSize(2);
  }

  @Test
  void prepare_buildsAheadOfTheFirstSend() {
    deferred.prepare();
    deferred.prepare();

    assertThat(built).hasValue(1);
    assertThat(target.sent()).isEmpty();
  }
}
