package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.jitgate.aws.AwsWiring;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.SweepReport;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The sweep function, on an EventBridge schedule: times out, activates and expires whatever is due
 * now, logs one JSON line with the counts, and returns them.
 */
public final class SweepHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
  private final AccessService service;
  private final Clock clock;

  /**
   * Used by Lambda: the service of this instance's composition root, built once from the
   * environment.
   */
  public SweepHandler() {
    this(AwsWiring.instance().service(), AwsWiring.instance().clock());
  }

  public SweepHandler(AccessService service, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Sweeps at the current time, not the event's: a late delivery must still see what is due. */
  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    SweepReport report = service.sweep(Instant.now(clock));
    System.out.println(report.logLine());
    return report.counts();
  }
}
