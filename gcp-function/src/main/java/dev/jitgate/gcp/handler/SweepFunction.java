package dev.jitgate.gcp.handler;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.jitgate.gcp.GcpWiring;
import dev.jitgate.gcp.SchedulerCaller;
import dev.jitgate.http.Router;
import dev.jitgate.service.AccessService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The sweep, called every minute by Cloud Scheduler with a Google-signed OIDC token: once the token
 * proves the caller is the scheduler's service account, it times out, activates and expires
 * whatever is due now, logs one JSON line with the counts and answers them.
 */
public final class SweepFunction implements HttpFunction {
  private final AccessService service;
  private final SchedulerCaller scheduler;
  private final Clock clock;

  /** Used by the Functions Framework: the root of this instance, built once. */
  public SweepFunction() {
    this(
        GcpWiring.instance().service(),
        GcpWiring.instance().schedulerCaller(),
        GcpWiring.instance().clock());
  }

  public SweepFunction(AccessService service, SchedulerCaller scheduler, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    dev.jitgate.http.HttpRequest neutral = GcpHttp.request(request);
    if (!neutral.method().equals("POST")) {
      GcpHttp.respond(Router.error(405, "method_not_allowed", "the sweep takes POST"), response);
      return;
    }
    var refusal = scheduler.refusal(neutral);
    if (refusal.isPresent()) {
      GcpHttp.respond(refusal.get(), response);
      return;
    }
    String json = service.sweep(Instant.now(clock)).logLine();
    System.out.println(json);
    GcpHttp.respond(dev.jitgate.http.HttpResponse.json(200, json), response);
  }
}
