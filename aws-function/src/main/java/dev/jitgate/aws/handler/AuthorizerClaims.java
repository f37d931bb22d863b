package dev.jitgate.aws.handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The claims API Gateway's JWT authorizer verified for the invocation being handled, in scope only
 * while {@link ApiHandler} runs the router. The {@code Authenticator} port sees headers only, and
 * the claims must not travel in a header a client could forge, so they are handed over on the
 * invocation's thread and always removed when it ends.
 */
final class AuthorizerClaims {
  private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

  private AuthorizerClaims() {}

  /**
   * Runs {@code work} with {@code claims} in scope, and clears them afterwards, whatever happens.
   */
  static <T> T during(Map<String, String> claims, Supplier<T> work) {
    Map<String, String> outer = CURRENT.get();
    CURRENT.set(copy(claims));
    try {
      return work.get();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The claims in scope; empty outside {@link #during} or when the authorizer passed none. */
  static Map<String, String> current() {
    Map<String, String> claims = CURRENT.get();
    return claims == null ? Map.of() : claims;
  }

  private static Map<String, String> copy(Map<String, String> claims) {
    Map<String, String> kept = new LinkedHashMap<>();
    if (claims != null) {
      claims.forEach(
          (name, value) -> {
            if (name != null && value != null) {
              kept.put(name, value);
            }
          });
    }
    return Map.copyOf(kept);
  }
}
