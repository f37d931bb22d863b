package dev.jitgate.azure.handler;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.jitgate.azure.AzureWiring;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The sweep, on a timer every minute: times out, activates and expires whatever is due now, and
 * logs one JSON line with the counts.
 */
public final class SweepFunction {
  /** NCRONTAB with seconds: at second 0 of every minute. */
  static final String SCHEDULE = "0 */1 * * * *";

  private final AccessService service;
  private final Clock clock;

  /** Used by the Java worker, which may make an instance per call: the root is built once. */
  public SweepFunction() {
    this(AzureWiring.instance().service(), AzureWiring.instance().clock());
  }

  public SweepFunction(AccessService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Sweeps at the current time, not the schedule's: a late run must still see what is due. */
  @FunctionName("sweep")
  public void run(
      @TimerTrigger(name = "timer", schedule = SCHEDULE) String timer, ExecutionContext context) {
    System.out.println(service.sweep(Instant.now(clock)).logLine());
  }
}
