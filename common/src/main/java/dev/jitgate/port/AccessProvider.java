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

  /** Removes the access; removing access that no longer exists succeeds. */
  void revoke(Grant grant);
}
