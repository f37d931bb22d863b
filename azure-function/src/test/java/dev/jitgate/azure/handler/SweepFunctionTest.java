package dev.jitgate.azure.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.service.ServiceHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer function sweeps at the clock's time and logs one JSON line with the counts. */
class SweepFunctionTest {
  private final ServiceHarness harness = new ServiceHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void timer_expiresWhatIsDue_andLogsOneJsonLineOfCounts() {
    AccessRequest active =
        harness.request(ServiceHarness.ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    harness.clock.advance(Duration.ofMinutes(31));
    SweepFunction function = new SweepFunction(harness.service, harness.clock);

    String out = capturingStandardOutput(() -> function.run(Messages.TIMER, null));

    assertThat(harness.stored(active.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(out.lines().filter(l -> l.startsWith("{\"log\":\"jitgate.sweep\"")))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("\"expired\":1"));
  }

  @Test
  void schedule_isEveryMinuteAtSecondZero() {
    assertThat(SweepFunction.SCHEDULE).isEqualTo("0 */1 * * * *");
  }

  private static String capturingStandardOutput(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
