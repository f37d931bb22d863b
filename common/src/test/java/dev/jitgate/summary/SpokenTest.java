package dev.jitgate.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpokenTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "PT1H, 1 hour",
    "PT90M, 1 hour 30 minutes",
    "PT2H, 2 hours",
    "PT15M, 15 minutes",
    "PT1M, 1 minute",
    "PT45S, 45 seconds",
    "P1DT2H, 1 day 2 hours",
    "P2D, 2 days",
    "PT0S, 0 seconds"
  })
  void duration_spellsEachWholePart_largestFirst(String iso, String spoken) {
    assertThat(Spoken.duration(Duration.parse(iso))).isEqualTo(spoken);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-03-02T13:10:00Z, in 4 hours",
    "2026-03-02T08:57:00Z, 3 minutes ago",
    "2026-03-02T09:00:30Z, now",
    "2026-03-02T09:01:00Z, in 1 minute",
    "2026-03-02T09:59:59Z, in 59 minutes",
    "2026-03-02T10:00:00Z, in 1 hour",
    "2026-03-04T08:59:00Z, in 47 hours",
    "2026-03-04T09:00:00Z, in 2 days",
    "2026-02-20T09:00:00Z, 10 days ago"
  })
  void relative_roundsDownToTheLargestFittingUnit(String at, String hint) {
    assertThat(Spoken.relative(Instant.parse(at), NOW)).isEqualTo(hint);
  }

  @ParameterizedTest
  @CsvSource({"2026-03-02T13:10:59Z, 2026-03-02 13:10 UTC (in 4 hours)"})
  void timeFrom_isUtcToTheMinute_withTheHint(String at, String spoken) {
    assertThat(Spoken.timeFrom(Instant.parse(at), NOW)).isEqualTo(spoken);
  }
}
