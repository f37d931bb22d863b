package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduled sweep: times out PENDING requests past their deadline, retries APPROVED requests
 * that were not activated (or, when they can no longer be, revokes whatever a started grant may
 * have left and fails them), finishes revokes that were started, and expires ACTIVE requests whose
 * window has ended. It reads only due items, a bounded batch at a time, and every item it touches
 * either leaves its state or gets a later due time, so a second run at the same instant finds
 * nothing to do.
 */
final class Sweep {
  private static final Logger LOG = Logger.getLogger(Sweep.class.getName());

  private final RequestStore store;
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Lifecycle lifecycle;
  private final Supplier<Policy> policy;
  private final ServiceSettings settings;

  Sweep(
      RequestStore store,
      RequestWriter writer,
      Announcer announcer,
      Lifecycle lifecycle,
      Supplier<Policy> policy,
      ServiceSettings settings) {
    this.store = store;
    this.writer = writer;
    this.announcer = announcer;
    this.lifecycle = lifecycle;
    this.policy = policy;
    this.settings = settings;
  }

  SweepReport run(Instant now) {
    return run(now, settings.activationGrace());
  }

  /**
   * As {@link #run(Instant)}, taking APPROVED requests over once {@code grace} has passed since
   * their due time. Zero is right only when no approving call can still be running, such as when a
   * single-process deployment starts.
   */
  SweepReport run(Instant now, Duration grace) {
    // Any deployment may time out any request (no cloud call); activation and expiry are left to
    // the deployment with a provider for the request's kind.
    SweepReport report =
        phase(RequestState.PENDING, EnumSet.allOf(GrantKind.class), now, r -> timeOut(r, now));
    // The approving call activates at once; the sweep takes over only after a grace period, so the
    // two do not race for the same fresh request.
    report =
        report.plus(
            phase(
                RequestState.APPROVED, lifecycle.kinds(), now.minus(grace), r -> activate(r, now)));
    return report.plus(phase(RequestState.ACTIVE, lifecycle.kinds(), now, r -> expire(r, now)));
  }

  private SweepReport phase(
      RequestState state,
      Set<GrantKind> kinds,
      Instant dueBy,
      Function<AccessRequest, SweepReport> work) {
    SweepReport report = SweepReport.NOTHING;
    for (int batch = 0; batch < settings.sweepMaxBatches(); batch++) {
      List<AccessRequest> due = store.due(state, kinds, dueBy, settings.sweepBatchSize());
      SweepReport done = SweepReport.NOTHING;
      for (AccessRequest request : due) {
        done = done.plus(safely(request, work));
      }
      report = report.plus(done);
      // A short batch means nothing more is due. A batch where nothing changed (every item was
      // changed meanwhile by another sweep, or could not be read) would be read again as it is.
      if (due.size() < settings.sweepBatchSize() || done.changes() == 0) {
        break;
      }
    }
    return report;
  }

  private SweepReport safely(AccessRequest request, Function<AccessRequest, SweepReport> work) {
    try {
      return work.apply(request);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "sweep skipped request {0}: {1}",
          new Object[] {request.id(), Announcer.describe(e)});
      return SweepReport.NOTHING;
    }
  }

  private SweepReport timeOut(AccessRequest request, Instant now) {
    Optional<AccessRequest> timedOut =
        writer.changeIf(
            request,
            r ->
                r.state() == RequestState.PENDING && !now.isBefore(r.approvalDeadline())
                    ? Optional.of(r.timeOut(now))
                    : Optional.empty());
    if (timedOut.isEmpty()) {
      return SweepReport.NOTHING;
    }
    Optional<Entitlement> entitlement = policy.get().entitlement(request.entitlement());
    announcer.announce(Notification.Kind.TIMED_OUT, timedOut.get(), entitlement, List.of(), now);
    return SweepReport.timedOutOne();
  }

  private SweepReport activate(AccessRequest request, Instant now) {
    if (!lifecycle.handles(request.grant().kind())) {
      return SweepReport.NOTHING;
    }
    AccessRequest after = lifecycle.activate(request, now);
    return switch (after.state()) {
      case ACTIVE -> SweepReport.activatedOne();
      case FAILED -> SweepReport.failedOne();
      case APPROVED ->
          after.version() == request.version()
              ? SweepReport.NOTHING
              : SweepReport.activationRetryOne();
      default -> SweepReport.NOTHING;
    };
  }

  /** Ends what is due: a revoke someone started, or access whose window has ended. */
  private SweepReport expire(AccessRequest request, Instant now) {
    if (!lifecycle.handles(request.grant().kind())
        || (request.revoking() == null && now.isBefore(request.expiresAt()))) {
      return SweepReport.NOTHING;
    }
    return lifecycle
        .end(request, Optional.empty(), null, now)
        .map(
            r ->
                switch (r.state()) {
                  case EXPIRED -> SweepReport.expiredOne();
                  case REVOKED -> SweepReport.revokedOne();
                  default -> SweepReport.endRetryOne();
                })
        .orElse(SweepReport.NOTHING);
  }
}
