package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Extension;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes the cloud follow an approved extension, then moves the window's end. The approved new end
 * is stored before the cloud call (the durable intent), and the request is due at once, so a crash
 * at any point converges: the sweep calls the provider again (it is idempotent), or, once the old
 * end has passed, refuses the extension and lets the access expire. Access that has ended is never
 * brought back: providers only move the expiry of an artifact that still exists, and an extension
 * that lands after a revoke or an expiry is undone.
 */
final class Extender {
  private static final Logger LOG = Logger.getLogger(Extender.class.getName());

  private final RequestWriter writer;
  private final Announcer announcer;
  private final Supplier<Policy> policy;
  private final Artifacts artifacts;
  private final Map<GrantKind, AccessProvider> providers;
  private final ServiceSettings settings;

  Extender(
      RequestStore store,
      RequestWriter writer,
      Announcer announcer,
      Supplier<Policy> policy,
      Map<GrantKind, AccessProvider> providers,
      ServiceSettings settings) {
    this.writer = writer;
    this.announcer = announcer;
    this.policy = policy;
    this.artifacts = new Artifacts(store);
    this.providers = Map.copyOf(providers);
    this.settings = settings;
  }

  /** Whether {@code request} holds an approved extension the cloud has not yet followed. */
  static boolean waiting(AccessRequest request) {
    return request.state() == RequestState.ACTIVE
        && request.extension() != null
        && request.extension().approved();
  }

  /** Applies the approved extension, if any; returns the request as it now stands. */
  AccessRequest apply(AccessRequest request, Instant now) {
    AccessProvider provider = providers.get(request.grant().kind());
    if (!waiting(request) || provider == null || request.revoking() != null) {
      return request;
    }
    Extension extension = request.extension();
    if (!now.isBefore(request.window().end())) {
      return refuse(request, "the access ended before the cloud followed the extension", now);
    }
    Map<String, String> details;
    try {
      details = provider.extend(Grant.of(request).endingAt(extension.newEnd()));
    } catch (RuntimeException e) {
      String error = Announcer.describe(e);
      LOG.log(
          Level.WARNING, "extend failed for request {0}: {1}", new Object[] {request.id(), error});
      Instant retryAt = now.plus(settings.retryDelay(1));
      Instant end = request.window().end();
      Instant at = retryAt.isAfter(end) ? end : retryAt;
      return writer
          .changeIf(request, r -> waiting(r) ? Optional.of(r.endingFailed(at)) : Optional.empty())
          .orElseGet(() -> writer.read(request.id()));
    }
    if ("missing".equals(details.get("artifact"))) {
      return refuse(request, "the cloud no longer holds the access", now);
    }
    Map<String, String> audit = details;
    Optional<AccessRequest> applied =
        writer.changeIf(
            request,
            r ->
                waiting(r) && r.revoking() == null
                    ? Optional.of(r.extensionApplied(now, audit))
                    : Optional.empty());
    if (applied.isPresent()) {
      return tell(Notification.Kind.EXTENDED, applied.get(), now);
    }
    AccessRequest current = writer.read(request.id());
    // A revoke or an expiry won the race while the cloud call ran: what the extension may have
    // put back goes again, so ended access is never resurrected.
    artifacts.undoLateGrant(provider, current);
    return current;
  }

  private AccessRequest refuse(AccessRequest request, String reason, Instant now) {
    return writer
        .changeIf(
            request,
            r ->
                r.extension() != null && r.extension().approved()
                    ? Optional.of(r.extensionRefused(reason, now))
                    : Optional.empty())
        .map(r -> tell(Notification.Kind.EXTENSION_REFUSED, r, now))
        .orElseGet(() -> writer.read(request.id()));
  }

  /** Tells the requester what became of their extension, once, by the writer that decided it. */
  AccessRequest tell(Notification.Kind kind, AccessRequest request, Instant now) {
    return announcer.announce(
        kind, request, policy.get().entitlement(request.entitlement()), List.of(), now);
  }
}
