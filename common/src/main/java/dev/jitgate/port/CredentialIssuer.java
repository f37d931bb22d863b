package dev.jitgate.port;

import dev.jitgate.domain.Grant;
import java.time.Instant;

/**
 * Issues session credentials for an ACTIVE grant of a credentials kind, such as {@code
 * aws.role-credentials} (AWS keys) or {@code gcp.service-account-token} (a bearer token). An {@link
 * AccessProvider} of such a kind implements this too. The credentials end no later than the grant's
 * window.
 */
public interface CredentialIssuer {

  SessionCredentials issue(Grant grant, Instant now);
}
