package dev.jitgate.port;

import java.util.Map;
import java.util.Optional;

/**
 * What an incoming request offers to prove who is calling: its headers, and the claims a platform
 * front door (API Gateway's JWT authorizer, App Service authentication, IAP) has already verified.
 */
@FunctionalInterface
public interface CallerEvidence {

  /** The first value of the header {@code name}, whatever its case. */
  Optional<String> first(String name);

  /**
   * The claims the platform's front door verified before the request reached jitgate; empty when
   * none did. Never filled from anything a client sends.
   */
  default Map<String, Object> frontDoorClaims() {
    return Map.of();
  }
}
