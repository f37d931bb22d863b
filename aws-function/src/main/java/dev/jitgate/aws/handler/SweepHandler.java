package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.jitgate.aws.AwsWiring;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.SweepReport;
import java.time.Clock;
import java.time.Duration;
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

  /**
   * Sweeps at the current time, not the event's: a late delivery must still see what is due. It
   * takes no new item once Lambda's remaining time runs short, and reports what it left.
   */
  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    Instant now = Instant.now(clock);
    SweepReport report =
        context == null
            ? service.sweep(now)
            : service.sweep(
                now, Duration.ofMillis(Math.max(1, context.getRemainingTimeInMillis())));
    System.out.println(report.logLine());
    return report.counts();
  }
}
