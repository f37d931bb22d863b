package dev.jitgate.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is asked to grant or revoke: one request's spec, principal and window. {@code
 * principalId} is the requester's directory id, present for kinds that {@link
 * GrantKind#needsPrincipalId() need one}.
 */
public record Grant(
    RequestId requestId,
    EntitlementId entitlement,
    GrantSpec spec,
    UserId principal,
    Optional<PrincipalId> principalId,
    Window window,
    String justification) {
  public Grant {
    principalId = principalId == null ? Optional.empty() : principalId;
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(entitlement, "entitlement");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(window, "window");
    justification = justification == null ? "" : justification;
  }

  /** A grant for a kind that names its grantee by e-mail only. */
  public Grant(
      RequestId requestId,
      EntitlementId entitlement,
      GrantSpec spec,
      UserId principal,
      Window window,
      String justification) {
    this(requestId, entitlement, spec, principal, Optional.empty(), window, justification);
  }

  /** The grant of an approved request; its window was fixed at approval. */
  public static Grant of(AccessRequest request) {
    if (request.window() == null) {
      throw new IllegalStateException("request " + request.id() + " has no window yet");
    }
    return new Grant(
        request.id(),
        request.entitlement(),
        request.grant(),
        request.requester(),
        Optional.ofNullable(request.requesterPrincipalId()),
        request.window(),
        request.justification());
  }

  /** This grant with its window ending at {@code end}: the grant of an approved extension. */
  public Grant endingAt(java.time.Instant end) {
    return new Grant(
        requestId,
        entitlement,
        spec,
        principal,
        principalId,
        new Window(window.start(), end),
        justification);
  }

  public GrantKey key() {
    return GrantKey.of(spec, principal);
  }
}
