package dev.jitgate.auth;

import dev.jitgate.domain.Caller;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.CallerEvidence;
import dev.jitgate.port.UnauthenticatedException;
import java.util.Map;
import java.util.Objects;

/**
 * Signs the caller in from the claims a platform front door has already verified (signature,
 * issuer, audience, expiry), as the platform's handler put them on the request. Headers are never
 * read: a request that did not pass the front door has no claims and is unauthenticated.
 */
public final class FrontDoorAuthenticator implements Authenticator {
  private final ClaimsMapper claims;
  private final String signIn;

  /**
   * @param signIn what to tell a caller who came without claims, such as "sign in: send an OIDC ID
   *     token as 'Authorization: Bearer <token>' through the API Gateway endpoint"
   */
  public FrontDoorAuthenticator(ClaimsMapper claims, String signIn) {
    this.claims = Objects.requireNonNull(claims, "claims");
    this.signIn = Objects.requireNonNull(signIn, "signIn");
  }

  @Override
  public Caller authenticate(CallerEvidence request) {
    Map<String, Object> verified = request.frontDoorClaims();
    if (verified.isEmpty()) {
      throw new UnauthenticatedException(signIn);
    }
    return claims.caller(verified);
  }
}
