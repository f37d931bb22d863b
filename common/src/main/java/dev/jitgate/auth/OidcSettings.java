package dev.jitgate.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Where an OIDC provider's keys live and what its ID tokens must say to sign a caller in. */
public record OidcSettings(
    URI issuer,
    String audience,
    URI jwksUri,
    String emailClaim,
    String groupsClaim,
    Duration clockSkew) {

  /** The largest clock skew allowed between us and the identity provider. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  public static final String DEFAULT_EMAIL_CLAIM = ClaimsMapper.DEFAULT_EMAIL_CLAIM;
  public static final String DEFAULT_GROUPS_CLAIM = ClaimsMapper.DEFAULT_GROUPS_CLAIM;

  /** Null claim names and skew take their defaults: "email", "groups" and 60 seconds. */
  public OidcSettings {
    Objects.requireNonNull(issuer, "OIDC issuer");
    Objects.requireNonNull(jwksUri, "OIDC JWKS URI");
    if (!issuer.isAbsolute() || issuer.getHost() == null) {
      throw new IllegalArgumentException("the OIDC issuer must be an absolute URL");
    }
    if (audience == null || audience.isBlank() || !audience.equals(audience.strip())) {
      throw new IllegalArgumentException("the OIDC audience (client id) must be a non-blank name");
    }
    requireSafeKeyLocation(jwksUri);
    emailClaim = claimName(emailClaim, DEFAULT_EMAIL_CLAIM, "email");
    groupsClaim = claimName(groupsClaim, DEFAULT_GROUPS_CLAIM, "groups");
    clockSkew = clockSkew == null ? MAX_CLOCK_SKEW : clockSkew;
    // Whole seconds, because nimbus's claims verifier counts skew in seconds.
    if (clockSkew.isNegative()
        || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0
        || clockSkew.getNano() != 0) {
      throw new IllegalArgumentException("the clock skew must be whole seconds from 0 to 60");
    }
  }

  /** Settings with the default claim names and the full 60 seconds of clock skew. */
  public static OidcSettings of(URI issuer, String audience, URI jwksUri) {
    return new OidcSettings(issuer, audience, jwksUri, null, null, null);
  }

  private static void requireSafeKeyLocation(URI jwksUri) {
    String scheme = jwksUri.getScheme() == null ? "" : jwksUri.getScheme().toLowerCase(Locale.ROOT);
    if (!jwksUri.isAbsolute() || jwksUri.getHost() == null) {
      throw new IllegalArgumentException("the OIDC JWKS URI must be an absolute URL");
    }
    // Keys fetched over plain HTTP could be swapped in transit, so only loopback may use it.
    if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(jwksUri.getHost()))) {
      throw new IllegalArgumentException(
          "the OIDC JWKS URI must use https (http only on loopback)");
    }
  }

  private static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses are checked, so this never does a DNS lookup.
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String claimName(String name, String fallback, String what) {
    if (name == null) {
      return fallback;
    }
    if (name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("the " + what + " claim name must be non-blank");
    }
    return name;
  }
}
