package dev.jitgate.config;

import dev.jitgate.http.Router;
import dev.jitgate.notify.DeferredNotifier;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.util.List;

/**
 * One assembled jitgate: the policy it was built with, the service, the router in front of it, and
 * the notifiers that are built on first use (which a platform may build ahead, as SnapStart priming
 * does).
 */
public record Jitgate(
    Policy policy, AccessService service, Router router, List<DeferredNotifier> notifiers) {
  public Jitgate {
    notifiers = List.copyOf(notifiers);
  }

  /** Starts assembling one. */
  public static JitgateBuilder builder(Clock clock) {
    return new JitgateBuilder(clock);
  }
}
