package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves approved requests to the cloud and back: activation (grant, then ACTIVE) and ending
 * (revoke, then EXPIRED or REVOKED). Shared-artifact kinds are reference-counted here, so that one
 * request's end never removes access another ACTIVE request still holds.
 *
 * <p>The process may die between any cloud call and the store write after it. So the intent is
 * stored first: {@code grantStartedAt} before the first grant, {@code revoking} before an early
 * revoke. The states that may hold access are then ACTIVE and APPROVED with a grant started, and
 * the sweep finds both: it finishes or revokes the first, and finishes a revoke that was started.
 * Whatever gives up on a request that may hold access revokes before it writes the final state.
 */
final class Lifecycle {
  private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

  private final Artifacts artifacts;
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Supplier<Policy> policy;
  private final Map<GrantKind, AccessProvider> providers;
  private final ServiceSettings settings;

  Lifecycle(
      RequestStore store,
      RequestWriter writer,
      Announcer announcer,
      Supplier<Policy> policy,
      Map<GrantKind, AccessProvider> providers,
      ServiceSettings settings) {
    this.artifacts = new Artifacts(store);
    this.writer = writer;
    this.announcer = announcer;
    this.policy = policy;
    this.providers = Map.copyOf(providers);
    this.settings = settings;
  }

  boolean handles(GrantKind kind) {
    return providers.containsKey(kind);
  }

  /** The grant kinds this deployment has providers for. */
  Set<GrantKind> kinds() {
    return providers.isEmpty()
        ? EnumSet.noneOf(GrantKind.class)
        : EnumSet.copyOf(providers.keySet());
  }

  /**
   * Grants an APPROVED request's access for the window fixed at approval, and marks it ACTIVE. A
   * failed grant leaves it APPROVED with a retry time; a request whose requester lost eligibility,
   * or whose window ended before any grant succeeded, becomes FAILED. Requests of kinds this
   * deployment has no provider for are left for the deployment that has one.
   */
  AccessRequest activate(AccessRequest request, Instant now) {
    AccessProvider provider = providers.get(request.grant().kind());
    if (request.state() != RequestState.APPROVED || provider == null) {
      return request;
    }
    if (request.scheduledAfter(now)) {
      // A window asked for ahead: the sweep activates it when it starts (it is due then).
      return request;
    }
    try {
      writer.requireIntact(request, "granted");
    } catch (ConflictException e) {
      // Logged by the check; left as it is for an operator to look at.
      return request;
    }
    Optional<Entitlement> entitlement = policy.get().entitlement(request.entitlement());
    Optional<String> refusal = eligibilityProblem(request, entitlement);
    if (refusal.isEmpty()) {
      refusal = approvalsProblem(request, entitlement.get());
    }
    if (refusal.isEmpty() && !now.isBefore(request.window().end())) {
      refusal = Optional.of("the access window ended before the grant succeeded");
    }
    if (refusal.isPresent()) {
      return giveUp(provider, request, refusal.get(), entitlement, now);
    }
    AccessRequest granting = request;
    if (request.grantStartedAt() == null) {
      Optional<AccessRequest> intended =
          writer.changeIf(
              request,
              r ->
                  r.state() == RequestState.APPROVED && r.grantStartedAt() == null
                      ? Optional.of(r.startGrant(now))
                      : Optional.empty());
      granting = intended.orElseGet(() -> writer.read(request.id()));
      if (granting.state() != RequestState.APPROVED) {
        return granting;
      }
    }
    Map<String, String> details;
    try {
      details = provider.grant(Grant.of(granting));
    } catch (RuntimeException e) {
      String error = Announcer.describe(e);
      LOG.log(
          Level.WARNING, "grant failed for request {0}: {1}", new Object[] {request.id(), error});
      return writer
          .changeIf(granting, r -> whenApproved(r, () -> retryLater(r, error, now)))
          .orElse(granting);
    }
    Map<String, String> audit = details == null ? Map.of() : details;
    Optional<AccessRequest> active =
        writer.changeIf(granting, r -> whenApproved(r, () -> r.activate(now, audit)));
    active.ifPresent(r -> artifacts.reassertShared(provider, r));
    if (active.isEmpty()) {
      artifacts.undoLateGrant(provider, writer.read(request.id()));
    }
    return announced(active, Notification.Kind.ACTIVE, entitlement, request, now);
  }

  /**
   * Ends an APPROVED request as FAILED. When a grant was started, the cloud may hold the access, so
   * it is revoked first (reference-counted like an end); if that revoke fails, the request stays
   * APPROVED and the sweep tries again, since FAILED must never be left holding access.
   */
  private AccessRequest giveUp(
      AccessProvider provider,
      AccessRequest request,
      String reason,
      Optional<Entitlement> entitlement,
      Instant now) {
    Map<String, String> details = Map.of();
    boolean started = request.grantStartedAt() != null;
    if (started) {
      try {
        details = artifacts.remove(provider, request);
      } catch (RuntimeException e) {
        String error = "revoking before failing: " + Announcer.describe(e);
        LOG.log(Level.WARNING, "request {0}: {1}", new Object[] {request.id(), error});
        Instant retryAt = now.plus(settings.retryDelay(request.attempts() + 1));
        return writer
            .changeIf(request, r -> whenApproved(r, () -> r.activationFailed(error, now, retryAt)))
            .orElse(request);
      }
    }
    Map<String, String> removed = details;
    // A grant started meanwhile by another writer was not revoked here: leave the request to that
    // writer, or to the sweep, which comes back to it with the grant started.
    Optional<AccessRequest> failed =
        writer.changeIf(
            request,
            r ->
                r.state() == RequestState.APPROVED && (started || r.grantStartedAt() == null)
                    ? Optional.of(r.fail(reason, now, removed))
                    : Optional.empty());
    if (failed.isPresent() && "kept".equals(removed.get("artifact"))) {
      artifacts.releaseIfLastHolder(provider, failed.get());
    }
    if (failed.isEmpty() && "removed".equals(removed.get("artifact"))) {
      artifacts.grantAgainIfActive(provider, writer.read(request.id()));
    }
    return announced(failed, Notification.Kind.FAILED, entitlement, request, now);
  }

  /**
   * Ends an ACTIVE request's access: EXPIRED when {@code by} is empty (its window ended), else
   * REVOKED by that person. The cloud artifact is removed unless another ACTIVE request holds the
   * same grant key; the audit event says which. When the cloud call fails, the request stays ACTIVE
   * (its access is still there) and is retried by the sweep, and the failure is thrown to the
   * person revoking.
   *
   * <p>A person's revoke is stored as started before the cloud call, so that the sweep finishes it
   * if this call dies or fails; the sweep passes an empty {@code by} and finishes a started revoke
   * as the person who started it.
   *
   * @return the request after this call, or empty when another writer ended it first
   */
  Optional<AccessRequest> end(
      AccessRequest start, Optional<UserId> by, String reason, Instant now) {
    AccessProvider provider = providers.get(start.grant().kind());
    if (provider == null) {
      throw new ConflictException(
          "this deployment cannot end "
              + start.grant().kind().id()
              + " grants; the deployment for "
              + start.cloud().id()
              + " does that");
    }
    AccessRequest request = start;
    if (by.isPresent()) {
      Optional<AccessRequest> started =
          writer.changeIf(start, r -> whenActive(r, () -> r.startRevoke(by.get(), reason, now)));
      if (started.isEmpty()) {
        return Optional.empty();
      }
      request = started.get();
    }
    Optional<UserId> revoker =
        request.revoking() == null ? by : Optional.of(request.revoking().by());
    String why = request.revoking() == null ? reason : request.revoking().reason();
    Map<String, String> details;
    try {
      details = artifacts.remove(provider, request);
    } catch (RuntimeException e) {
      String error = Announcer.describe(e);
      LOG.log(
          Level.WARNING, "revoke failed for request {0}: {1}", new Object[] {request.id(), error});
      if (by.isPresent()) {
        throw e;
      }
      Instant retryAt = now.plus(settings.retryDelay(1));
      return writer.changeIf(request, r -> whenActive(r, () -> r.endingFailed(retryAt)));
    }
    boolean kept = "kept".equals(details.get("artifact"));
    Optional<AccessRequest> ended =
        writer.changeIf(
            request,
            r ->
                whenActive(
                    r,
                    () ->
                        revoker.isPresent()
                            ? r.revoke(revoker.get(), why, now, details)
                            : r.expire(now, details)));
    if (ended.isPresent() && kept) {
      artifacts.releaseIfLastHolder(provider, ended.get());
    }
    Notification.Kind kind =
        revoker.isPresent() ? Notification.Kind.REVOKED : Notification.Kind.EXPIRED;
    Optional<Entitlement> entitlement = policy.get().entitlement(request.entitlement());
    return ended.map(r -> announcer.announce(kind, r, entitlement, List.of(), now));
  }

  /** Why the requester may no longer have this access, if they may not. */
  Optional<String> eligibilityProblem(AccessRequest request, Optional<Entitlement> entitlement) {
    if (entitlement.isEmpty()) {
      return Optional.of(request.entitlement() + " is no longer in the policy");
    }
    if (!policy
        .get()
        .canRequest(request.requester(), request.requesterGroups(), entitlement.get())) {
      return Optional.of(
          request.requester() + " is no longer eligible for " + request.entitlement());
    }
    return Optional.empty();
  }

  /**
   * Why the approvals no longer carry the request, if they do not: the policy may have dropped an
   * approver since they approved, and only approvals it still allows count at activation.
   */
  private Optional<String> approvalsProblem(AccessRequest request, Entitlement entitlement) {
    long counting =
        request.approvals().stream()
            .filter(
                a ->
                    policy.get().approvalStillCounts(a.approver(), entitlement)
                        || (request.attention().escalated()
                            && policy
                                .get()
                                .knownEscalationApprovers(entitlement)
                                .contains(a.approver())))
            .count();
    if (counting >= request.approvalsRequired()) {
      return Optional.empty();
    }
    return Optional.of(
        "only "
            + counting
            + " of the "
            + request.approvalsRequired()
            + " approvals needed come from approvers the policy still allows");
  }

  private AccessRequest retryLater(AccessRequest r, String error, Instant now) {
    Instant retryAt = now.plus(settings.retryDelay(r.attempts() + 1));
    Instant end = r.window().end();
    return r.activationFailed(error, now, retryAt.isAfter(end) ? end : retryAt);
  }

  private static Optional<AccessRequest> whenApproved(
      AccessRequest r, Supplier<AccessRequest> transition) {
    return r.state() == RequestState.APPROVED ? Optional.of(transition.get()) : Optional.empty();
  }

  private static Optional<AccessRequest> whenActive(
      AccessRequest r, Supplier<AccessRequest> transition) {
    return r.state() == RequestState.ACTIVE ? Optional.of(transition.get()) : Optional.empty();
  }

  /** Announces a move this call made; when another writer made it first, they announced it. */
  private AccessRequest announced(
      Optional<AccessRequest> moved,
      Notification.Kind kind,
      Optional<Entitlement> entitlement,
      AccessRequest unchanged,
      Instant now) {
    return moved
        .map(r -> announcer.announce(kind, r, entitlement, List.of(), now))
        .orElseGet(() -> writer.read(unchanged.id()));
  }
}
