package dev.jitgate.port;

import dev.jitgate.domain.Caller;

/**
 * Establishes who is calling: from an OIDC bearer token, or from the claims a platform front door
 * (API Gateway's JWT authorizer, App Service authentication, IAP) has already checked.
 */
public interface Authenticator {

  /**
   * The caller the request's credentials prove.
   *
   * @throws UnauthenticatedException when there are no credentials or they do not verify
   */
  Caller authenticate(CallerEvidence headers);
}
