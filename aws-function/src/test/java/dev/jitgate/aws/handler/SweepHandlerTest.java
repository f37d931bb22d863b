package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.service.ServiceHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep function driven by a real EventBridge scheduled event. */
class SweepHandlerTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final SweepHandler handler = new SweepHandler(harness.service, harness.clock);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void scheduledEvent_expiresWhatIsDueAndReportsTheCounts() {
    AccessRequest active =
        harness.request(ServiceHarness.ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    harness.clock.advance(Duration.ofMinutes(31));

    Map<String, Integer> counts = handler.handleRequest(Events.scheduled(), null);

    assertThat(counts).containsEntry("expired", 1).containsEntry("changes", 1);
    assertThat(harness.stored(active.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(harness.gcp.revokes()).hasSize(1);
  }

  @Test
  void scheduledEvent_logsOneJsonLineWithTheCounts() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      handler.handleRequest(Events.scheduled(), null);
    } finally {
      System.setOut(original);
    }

    String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.path("log").asText()).isEqualTo("jitgate.sweep");
    assertThat(line.path("changes").asInt(-1)).isZero();
  }

  @Test
  void sweepRunsAtTheClocksTime_notTheEventsTime() {
    // Requested at 10:00 with a 24 h approval deadline. The fixture's event says 12:00 the same
    // day, when nothing is due; the clock says a day later, when the deadline has passed.
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-1: fix");
    harness.clock.advance(Duration.ofHours(25));

    Map<String, Integer> counts = handler.handleRequest(Events.scheduled(), null);

    assertThat(counts).containsEntry("timedOut", 1);
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.TIMED_OUT);
  }

  @Test
  void scheduledEvent_whenLambdasTimeRunsShort_leavesTheRestForTheNextSweep() {
    for (int i = 0; i < 3; i++) {
      harness.request(ServiceHarness.ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    }
    harness.clock.advance(Duration.ofMinutes(31));
    // The first revoke takes 10 s; with 4 s left, the sweep stops taking items after 2 s.
    harness.gcp.duringRevoke(() -> harness.clock.advance(Duration.ofSeconds(10)));

    Map<String, Integer> counts =
        handler.handleRequest(Events.scheduled(), new RemainingTimeContext(4000));
    Map<String, Integer> next =
        handler.handleRequest(Events.scheduled(), new RemainingTimeContext(60_000));

    assertThat(counts).containsEntry("expired", 1).containsEntry("left", 2);
    assertThat(next).containsEntry("expired", 2).containsEntry("left", 0);
  }
}
