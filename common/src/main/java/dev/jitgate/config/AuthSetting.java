package dev.jitgate.config;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.port.Authenticator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code JITGATE_AUTH}: how callers sign in. {@code oidc} (the default) checks the bearer ID token
 * against {@code JITGATE_OIDC_ISSUER}, {@code JITGATE_OIDC_AUDIENCE} and {@code
 * JITGATE_OIDC_JWKS_URI}; a platform adds the names of its front doors. {@code
 * JITGATE_OIDC_EMAIL_CLAIM} and {@code JITGATE_OIDC_GROUPS_CLAIM} name the claims in every mode.
 */
public final class AuthSetting {
  public static final String NAME = "JITGATE_AUTH";
  public static final String OIDC = "oidc";

  private AuthSetting() {}

  /**
   * The authenticator {@code JITGATE_AUTH} names.
   *
   * @param frontDoors the platform's front doors by mode name, each built from the claims mapper
   */
  public static Authenticator read(
      Environment env, Clock clock, Map<String, Function<ClaimsMapper, Authenticator>> frontDoors) {
    String mode = env.get(NAME, OIDC).toLowerCase(Locale.ROOT);
    if (mode.equals(OIDC)) {
      return oidc(env, clock);
    }
    Function<ClaimsMapper, Authenticator> frontDoor = frontDoors.get(mode);
    if (frontDoor == null) {
      List<String> modes = new ArrayList<>(List.of(OIDC));
      modes.addAll(frontDoors.keySet());
      throw env.invalid(NAME, "must be " + String.join(" or ", modes));
    }
    return frontDoor.apply(claims(env));
  }

  /** The bearer-token authenticator of the {@code JITGATE_OIDC_*} settings. */
  public static OidcAuthenticator oidc(Environment env, Clock clock) {
    ClaimsMapper claims = claims(env);
    OidcSettings settings =
        new OidcSettings(
            Urls.required(env, "JITGATE_OIDC_ISSUER", "the OIDC issuer URL"),
            env.required("JITGATE_OIDC_AUDIENCE", "the OIDC client id that tokens are for"),
            Urls.required(env, "JITGATE_OIDC_JWKS_URI", "the OIDC provider's JWKS URL"),
            claims.emailClaim(),
            claims.groupsClaim(),
            null);
    return new OidcAuthenticator(settings, clock);
  }

  /**
   * The claims mapper of {@code JITGATE_OIDC_EMAIL_CLAIM} and {@code JITGATE_OIDC_GROUPS_CLAIM}.
   */
  public static ClaimsMapper claims(Environment env) {
    return new ClaimsMapper(
        env.get("JITGATE_OIDC_EMAIL_CLAIM", ClaimsMapper.DEFAULT_EMAIL_CLAIM),
        env.get("JITGATE_OIDC_GROUPS_CLAIM", ClaimsMapper.DEFAULT_GROUPS_CLAIM));
  }
}
