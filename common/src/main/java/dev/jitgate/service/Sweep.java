package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.DuePage;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduled sweep: times out PENDING requests past their deadline, retries APPROVED requests
 * that were not activated (or, when they can no longer be, revokes whatever a started grant may
 * have left and fails them), finishes revokes that were started, and expires ACTIVE requests whose
 * window has ended. It reads only due items, a bounded page at a time, and every item it touches
 * either leaves its state or gets a later due time, so a second run at the same instant finds
 * nothing to do.
 *
 * <p>Each grant kind this deployment has a provider for gets its own lane, and the lanes run side
 * by side: a slow cloud holds up only its own kind. Within a lane, up to {@link
 * ServiceSettings#sweepConcurrency()} items are worked on at once, each its own compare-and-set
 * transitions as in the approving call (durable intent, then the cloud call, then the record). No
 * new item is taken once the sweep's time runs short; what it read and left is reported.
 */
final class Sweep {
  private static final Logger LOG = Logger.getLogger(Sweep.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final RequestStore store;
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Lifecycle lifecycle;
  private final Supplier<Policy> policy;
  private final ServiceSettings settings;
  private final Clock clock;
  private final Nudges nudges;
  private final Extender extender;

  Sweep(
      RequestStore store,
      RequestWriter writer,
      Announcer announcer,
      Lifecycle lifecycle,
      Supplier<Policy> policy,
      ServiceSettings settings,
      Clock clock,
      Nudges nudges,
      Extender extender) {
    this.store = store;
    this.nudges = nudges;
    this.writer = writer;
    this.announcer = announcer;
    this.lifecycle = lifecycle;
    this.policy = policy;
    this.settings = settings;
    this.clock = clock;
    this.extender = extender;
  }

  SweepReport run(Instant now, Duration budget) {
    return run(now, settings.activationGrace(), budget);
  }

  /**
   * As {@link #run(Instant, Duration)}, taking APPROVED requests over once {@code grace} has passed
   * since their due time. Zero is right only when no approving call can still be running, such as
   * when a single-process deployment starts.
   */
  SweepReport run(Instant now, Duration grace, Duration budget) {
    SweepDeadline deadline = SweepDeadline.of(clock, budget, settings.sweepReserve());
    List<GrantKind> kinds = List.copyOf(lifecycle.kinds());
    if (kinds.isEmpty()) {
      return SweepReport.NOTHING;
    }
    ExecutorService pool = Executors.newCachedThreadPool(Sweep::daemon);
    try {
      SweepWork work = new SweepWork(pool, settings.sweepConcurrency(), deadline);
      if (kinds.size() == 1) {
        return lane(kinds.get(0), now, grace, work, deadline).plus(reviews(now, deadline));
      }
      List<CompletableFuture<SweepReport>> lanes = new ArrayList<>();
      for (GrantKind kind : kinds) {
        lanes.add(
            CompletableFuture.supplyAsync(() -> lane(kind, now, grace, work, deadline), pool));
      }
      SweepReport report = SweepReport.NOTHING;
      for (CompletableFuture<SweepReport> lane : lanes) {
        report = report.plus(SweepWork.joined(lane));
      }
      return report.plus(reviews(now, deadline));
    } finally {
      pool.shutdown();
    }
  }

  /**
   * One kind's three phases, in turn. PENDING requests are timed out only by a deployment that
   * handles their kind, like everything else: no deployment queries kinds it never handles, and
   * every kind a policy offers has a deployment that does.
   */
  private SweepReport lane(
      GrantKind kind, Instant now, Duration grace, SweepWork work, SweepDeadline deadline) {
    Set<GrantKind> one = EnumSet.of(kind);
    SweepReport report =
        phase(RequestState.PENDING, one, now, work, deadline, r -> pending(r, now));
    // The approving call activates at once; the sweep takes over only after a grace period, so the
    // two do not race for the same fresh request.
    report =
        report.plus(
            phase(
                RequestState.APPROVED,
                one,
                now.minus(grace),
                work,
                deadline,
                r -> activate(r, now)));
    return report.plus(phase(RequestState.ACTIVE, one, now, work, deadline, r -> expire(r, now)));
  }

  private SweepReport phase(
      RequestState state,
      Set<GrantKind> kinds,
      Instant dueBy,
      SweepWork work,
      SweepDeadline deadline,
      Function<AccessRequest, SweepReport> transition) {
    SweepReport report = SweepReport.NOTHING;
    for (int batch = 0; batch < settings.sweepMaxBatches() && !deadline.passed(); batch++) {
      DuePage due = store.duePage(state, kinds, dueBy, settings.sweepBatchSize());
      SweepReport done = work.run(due.items(), r -> safely(r, transition));
      report = report.plus(done);
      // The store says whether more are due. A page where nothing changed (every item was changed
      // meanwhile by another sweep, could not be read, or was left for lack of time) would be read
      // again as it is.
      if (!due.more() || done.changes() == 0) {
        break;
      }
    }
    return report;
  }

  /** Reminders of open break-glass reviews, after the due work, while time is left. */
  private SweepReport reviews(Instant now, SweepDeadline deadline) {
    if (deadline.passed()) {
      return SweepReport.NOTHING;
    }
    try {
      return nudges.reviews(now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "sweep skipped review reminders: {0}", Announcer.describe(e));
      return SweepReport.NOTHING;
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "jitgate-sweep-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
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

  /** A due PENDING request is past its deadline, or has a reminder or escalation due (issue 14). */
  private SweepReport pending(AccessRequest request, Instant now) {
    return now.isBefore(request.approvalDeadline())
        ? nudges.run(request, now)
        : timeOut(request, now);
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
  private SweepReport expire(AccessRequest due, Instant now) {
    // An approved extension whose cloud change a crash or an error interrupted is finished first,
    // or refused once the old end has passed; either way the request then ends on its own time.
    AccessRequest request =
        Extender.waiting(due) && lifecycle.handles(due.grant().kind())
            ? extender.apply(due, now)
            : due;
    if (request.state() != RequestState.ACTIVE) {
      return SweepReport.NOTHING;
    }
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
