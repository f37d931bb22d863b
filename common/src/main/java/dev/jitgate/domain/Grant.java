package dev.jitgate.domain;

import java.util.Objects;

/** What a provider is asked to grant or revoke: one request's spec, principal and window. */
public record Grant(
    RequestId requestId,
    EntitlementId entitlement,
    GrantSpec spec,
    UserId principal,
    Window window,
    String justification) {
  public Grant {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(entitlement, "entitlement");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(window, "window");
    justification = justification == null ? "" : justification;
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
        request.window(),
        request.justification());
  }

  public GrantKey key() {
    return GrantKey.of(spec, principal);
  }
}
