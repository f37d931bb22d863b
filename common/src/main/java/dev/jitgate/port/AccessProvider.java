package dev.jitgate.port;

import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import java.util.Map;

/**
 * Grants and revokes one {@link GrantKind} on its cloud. Both operations are idempotent: granting
 * what is already granted, or revoking what is already gone, succeeds. Failures are thrown as
 * {@link ProviderException} with a message fit for the audit trail.
 */
public interface AccessProvider {

  GrantKind kind();

  /** True when requests with the same grant key share one cloud artifact. */
  default boolean sharedArtifact() {
    return kind().sharedArtifact();
  }

  /**
   * Grants access for {@code grant.window()}, using the cloud's own expiry where it has one.
   *
   * @return facts worth keeping in the audit, such as the cloud's id for the artifact
   */
  Map<String, String> grant(Grant grant);

  /**
   * Moves the cloud's expiry of access already granted to {@code grant.window().end()}, the end of
   * an approved extension. It never creates access that is gone: when the artifact no longer exists
   * (revoked or expired meanwhile) it changes nothing and says so with {@code "artifact":
   * "missing"}. Idempotent. The default suits kinds whose end jitgate itself enforces (the sweep
   * revokes at the window's end) or whose credentials are minted per call for the window's end.
   *
   * @return facts worth keeping in the audit
   */
  default Map<String, String> extend(Grant grant) {
    return Map.of("expiry", "enforced by the sweep at the new end");
  }

  /** Removes the access; removing access that no longer exists succeeds. */
  void revoke(Grant grant);
}
