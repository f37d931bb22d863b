package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OnFirstUseTest {
  @Test
  void theFactory_runsOnTheFirstGet_notBefore_andOnce() {
    AtomicInteger made = new AtomicInteger();
    Supplier<String> value = OnFirstUse.of(() -> "client " + made.incrementAndGet());

    assertThat(made).hasValue(0);
    assertThat(value.get()).isEqualTo("client 1");
    assertThat(value.get()).isEqualTo("client 1");
    assertThat(made).hasValue(1);
  }

  @Test
  void aFactoryThatFails_isAskedAgainOnTheNextGet() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<String> value =
        OnFirstUse.of(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no credentials yet");
              }
              return "client";
            });

    assertThatThrownBy(value::get).hasMessage("no credentials yet");
    assertThat(value.get()).isEqualTo("client");
    assertThat(calls).hasValue(2);
  }

  @Test
  void aFactoryThatMakesNothing_isRefused() {
    Supplier<String> value = OnFirstUse.of(() -> null);

    assertThatThrownBy(value::get)
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the factory made nothing");
  }
}
