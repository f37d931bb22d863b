package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.service.ServiceSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSettingTest {
  private static final Duration PLATFORM = Duration.ofSeconds(60);

  private static ServiceSettings read(Map<String, String> values) {
    return SweepSetting.read(new Environment(values::get), ServiceSettings.DEFAULTS, PLATFORM);
  }

  @Test
  void read_whenNothingIsSet_usesTheDefaultsAndThePlatformsTimeout() {
    ServiceSettings settings = read(Map.of());

    assertThat(settings.sweepConcurrency()).isEqualTo(ServiceSettings.DEFAULT_SWEEP_CONCURRENCY);
    assertThat(settings.sweepTimeout()).isEqualTo(PLATFORM);
    assertThat(settings.sweepReserve()).isEqualTo(ServiceSettings.DEFAULT_SWEEP_RESERVE);
    assertThat(settings.sweepBatchSize()).isEqualTo(ServiceSettings.DEFAULTS.sweepBatchSize());
  }

  @Test
  void read_takesSecondsOrIsoDurations() {
    ServiceSettings settings =
        read(
            Map.of(
                "JITGATE_SWEEP_CONCURRENCY", "16",
                "JITGATE_SWEEP_TIMEOUT", "PT2M",
                "JITGATE_SWEEP_RESERVE", "15"));

    assertThat(settings.sweepConcurrency()).isEqualTo(16);
    assertThat(settings.sweepTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.sweepReserve()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void read_whenConcurrencyIsOutOfRangeOrNotANumber_namesTheVariableAndTheRange() {
    for (String bad : new String[] {"0", "65", "four", "-1"}) {
      assertThatThrownBy(() -> read(Map.of("JITGATE_SWEEP_CONCURRENCY", bad)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("JITGATE_SWEEP_CONCURRENCY")
          .hasMessageContaining("from 1 to 64")
          .hasMessageNotContaining(bad.equals("0") ? "\u0000" : bad);
    }
  }

  @Test
  void read_whenTheTimeoutIsNotADuration_namesTheVariable() {
    for (String bad : new String[] {"2 minutes", "0", "PT0S", "-PT1M"}) {
      assertThatThrownBy(() -> read(Map.of("JITGATE_SWEEP_TIMEOUT", bad)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("JITGATE_SWEEP_TIMEOUT")
          .hasMessageContaining("ISO-8601");
    }
  }

  @Test
  void read_whenTheReserveIsNotShorterThanTheTimeout_refusesIt() {
    assertThatThrownBy(
            () -> read(Map.of("JITGATE_SWEEP_TIMEOUT", "30", "JITGATE_SWEEP_RESERVE", "PT30S")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JITGATE_SWEEP_RESERVE")
        .hasMessageContaining("shorter than the sweep's timeout");
  }
}
