package dev.jitgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Authenticator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code JITGATE_AUTH}: how callers sign in. {@code oidc} (the default) checks the bearer ID token
 * against {@code JITGATE_OIDC_ISSUER}, {@code JITGATE_OIDC_AUDIENCE} and {@code
 * JITGATE_OIDC_JWKS_URI}; a platform adds the names of its front doors. In every mode {@code
 * JITGATE_OIDC_IDENTITY} says how the identity provider vouches for the caller (see {@link
 * #identity}) and {@code JITGATE_OIDC_GROUPS_CLAIM} names the groups claim.
 */
public final class AuthSetting {
  public static final String NAME = "JITGATE_AUTH";
  public static final String OIDC = "oidc";
  public static final String IDENTITY = "JITGATE_OIDC_IDENTITY";
  public static final String EMAIL_CLAIM = "JITGATE_OIDC_EMAIL_CLAIM";

  private static final ObjectMapper JSON = new ObjectMapper();

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
            null,
            claims.groupsClaim(),
            null);
    return new OidcAuthenticator(settings, claims, clock);
  }

  /** The claims mapper of {@code JITGATE_OIDC_IDENTITY} and {@code JITGATE_OIDC_GROUPS_CLAIM}. */
  public static ClaimsMapper claims(Environment env) {
    return new ClaimsMapper(
        identity(env), env.get("JITGATE_OIDC_GROUPS_CLAIM", ClaimsMapper.DEFAULT_GROUPS_CLAIM));
  }

  /**
   * {@code JITGATE_OIDC_IDENTITY}: how the identity provider vouches for who the caller is.
   *
   * <ul>
   *   <li>{@code verified-email} (the default): the standard {@code email} claim, accepted only
   *       with {@code email_verified: true};
   *   <li>{@code trusted-claim}: the claim in {@code JITGATE_OIDC_EMAIL_CLAIM}, which the operator
   *       declares the provider fills only with verified addresses its users cannot change;
   *   <li>{@code mapped-claim}: the stable claim in {@code JITGATE_OIDC_IDENTITY_CLAIM} (such as
   *       Entra ID's {@code oid}), mapped to addresses by {@code JITGATE_OIDC_IDENTITY_MAP}, a JSON
   *       object; an unmapped value is refused.
   * </ul>
   */
  static ClaimsMapper.Identity identity(Environment env) {
    String mode = env.get(IDENTITY, "verified-email").toLowerCase(Locale.ROOT);
    Optional<String> emailClaim = env.optional(EMAIL_CLAIM);
    switch (mode) {
      case "verified-email" -> {
        if (emailClaim.isPresent() && !emailClaim.get().equals(ClaimsMapper.DEFAULT_EMAIL_CLAIM)) {
          throw env.invalid(
              EMAIL_CLAIM,
              "names "
                  + emailClaim.get()
                  + ", which the identity provider does not mark as verified. Set "
                  + IDENTITY
                  + "=trusted-claim only if the provider guarantees that claim is verified and"
                  + " cannot be changed by its users, or "
                  + IDENTITY
                  + "=mapped-claim with a stable claim such as Entra ID's oid");
        }
        return new ClaimsMapper.Identity.VerifiedEmail();
      }
      case "trusted-claim" -> {
        return new ClaimsMapper.Identity.TrustedEmailClaim(
            emailClaim.orElse(ClaimsMapper.DEFAULT_EMAIL_CLAIM));
      }
      case "mapped-claim" -> {
        String claim =
            env.required("JITGATE_OIDC_IDENTITY_CLAIM", "the stable claim to map, such as oid");
        return new ClaimsMapper.Identity.MappedClaim(claim, identityMap(env));
      }
      default ->
          throw env.invalid(IDENTITY, "must be verified-email, trusted-claim or mapped-claim");
    }
  }

  private static Map<String, UserId> identityMap(Environment env) {
    String name = "JITGATE_OIDC_IDENTITY_MAP";
    String form = "must be a JSON object from claim values to e-mail addresses";
    JsonNode root;
    try {
      root =
          JSON.readTree(env.required(name, "the JSON map from claim values to e-mail addresses"));
    } catch (IOException e) {
      throw env.invalid(name, form);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw env.invalid(name, form);
    }
    Map<String, UserId> map = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (!entry.getValue().isTextual() || !UserId.isValid(entry.getValue().asText())) {
        throw env.invalid(
            name, "maps " + entry.getKey() + " to something that is not an e-mail address");
      }
      map.put(entry.getKey(), new UserId(entry.getValue().asText()));
    }
    return map;
  }
}
