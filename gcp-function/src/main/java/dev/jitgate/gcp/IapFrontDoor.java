package dev.jitgate.gcp;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.config.Environment;
import dev.jitgate.port.Authenticator;
import java.net.URI;
import java.time.Clock;

/**
 * Sign-in behind Identity-Aware Proxy: the {@code x-goog-iap-jwt-assertion} header, verified
 * against IAP's keys, with IAP's issuer and the configured audience. The audience is required and
 * never skipped: without it, an assertion IAP signed for any other app of the organisation would
 * sign people in here.
 */
final class IapFrontDoor {
  static final String AUDIENCE = "JITGATE_IAP_AUDIENCE";

  /** For tests against a loopback key server only; IAP's keys otherwise. */
  static final String KEYS = "JITGATE_IAP_JWKS_URI";

  static final String HEADER = "x-goog-iap-jwt-assertion";

  /** https://cloud.google.com/iap/docs/signed-headers-howto */
  static final URI ISSUER = URI.create("https://cloud.google.com/iap");

  static final URI IAP_KEYS = URI.create("https://www.gstatic.com/iap/verify/public_key-jwk");

  private IapFrontDoor() {}

  /**
   * The authenticator for {@code JITGATE_AUTH=iap}. IAP's {@code email} is the address of the
   * Google identity it signed in, so it is taken as the caller's, whatever {@code
   * JITGATE_OIDC_IDENTITY} says about bearer tokens.
   */
  static Authenticator authenticator(Environment env, ClaimsMapper configured, Clock clock) {
    // Required, and blank counts as unset: the audience check is never skipped.
    String audience =
        env.required(
                AUDIENCE,
                "IAP's audience for this app: /projects/<number>/global/backendServices/<id>")
            .strip();
    URI keys = env.optional(KEYS).map(URI::create).orElse(IAP_KEYS);
    ClaimsMapper claims =
        new ClaimsMapper(
            new ClaimsMapper.Identity.TrustedEmailClaim("email"), configured.groupsClaim());
    return OidcAuthenticator.fromHeader(
        OidcSettings.of(ISSUER, audience, keys),
        claims,
        clock,
        HEADER,
        "sign in through Identity-Aware Proxy");
  }
}
