package dev.jitgate.config;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.console.ConsoleSetup;
import dev.jitgate.console.FrontDoorSignIn;
import dev.jitgate.console.NoSignIn;
import dev.jitgate.console.OidcCodeFlow;
import dev.jitgate.console.Sessions;
import dev.jitgate.console.SignIn;
import dev.jitgate.port.Authenticator;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * How the web console signs browsers in. {@code JITGATE_CONSOLE_SIGN_IN} is {@code oidc} (the
 * authorization code flow with PKCE against {@code JITGATE_OIDC_AUTHORIZATION_ENDPOINT} and {@code
 * JITGATE_OIDC_TOKEN_ENDPOINT}, the default when those are set), {@code front-door} (the platform's
 * own sign-in, such as App Service authentication or IAP; the default when {@code JITGATE_AUTH}
 * names a front door) or {@code off}. The OIDC client is {@code JITGATE_OIDC_CLIENT_ID} (default:
 * {@code JITGATE_OIDC_AUDIENCE}) with the optional {@code JITGATE_OIDC_CLIENT_SECRET}; a session
 * lasts {@code JITGATE_CONSOLE_SESSION} (default PT1H, at most PT12H).
 */
public final class ConsoleSetting {
  public static final String NAME = "JITGATE_CONSOLE_SIGN_IN";
  public static final String AUTHORIZATION_ENDPOINT = "JITGATE_OIDC_AUTHORIZATION_ENDPOINT";
  public static final String TOKEN_ENDPOINT = "JITGATE_OIDC_TOKEN_ENDPOINT";
  public static final String CLIENT_ID = "JITGATE_OIDC_CLIENT_ID";
  public static final String CLIENT_SECRET = "JITGATE_OIDC_CLIENT_SECRET";
  public static final String SESSION = "JITGATE_CONSOLE_SESSION";
  static final Duration DEFAULT_SESSION = Duration.ofHours(1);

  private ConsoleSetting() {}

  /**
   * The console's sign-in, or empty when the console is {@code off}.
   *
   * @param apiAuthenticator the API's authenticator, which a front door's sign-in reuses
   */
  public static Optional<SignIn> read(
      Environment env,
      Clock clock,
      ConsoleSetup setup,
      String baseUrl,
      Authenticator apiAuthenticator) {
    boolean frontDoor =
        !env.get(AuthSetting.NAME, AuthSetting.OIDC)
            .toLowerCase(Locale.ROOT)
            .equals(AuthSetting.OIDC);
    String fallback =
        env.optional(AUTHORIZATION_ENDPOINT).isPresent() ? "oidc" : frontDoor ? "front-door" : "";
    String mode = env.get(NAME, fallback).toLowerCase(Locale.ROOT);
    switch (mode) {
      case "off" -> {
        return Optional.empty();
      }
      case "front-door" -> {
        return Optional.of(new FrontDoorSignIn(setup, apiAuthenticator));
      }
      case "oidc" -> {
        return Optional.of(oidc(env, clock, setup, baseUrl));
      }
      case "" -> {
        return Optional.of(
            new NoSignIn(
                setup,
                "set "
                    + AUTHORIZATION_ENDPOINT
                    + " and "
                    + TOKEN_ENDPOINT
                    + " for the OIDC sign-in, or "
                    + NAME
                    + "=off"));
      }
      default -> throw env.invalid(NAME, "must be oidc, front-door or off");
    }
  }

  private static SignIn oidc(Environment env, Clock clock, ConsoleSetup setup, String baseUrl) {
    ClaimsMapper claims = AuthSetting.claims(env);
    String clientId =
        env.optional(CLIENT_ID)
            .orElseGet(
                () -> env.required("JITGATE_OIDC_AUDIENCE", "the OIDC client id of the console"));
    // An ID token's audience is the client it was issued to.
    OidcSettings settings =
        new OidcSettings(
            Urls.required(env, "JITGATE_OIDC_ISSUER", "the OIDC issuer URL"),
            clientId,
            Urls.required(env, "JITGATE_OIDC_JWKS_URI", "the OIDC provider's JWKS URL"),
            null,
            claims.groupsClaim(),
            null);
    OidcCodeFlow.Client client =
        new OidcCodeFlow.Client(
            endpoint(env, AUTHORIZATION_ENDPOINT, "the OIDC provider's authorization endpoint"),
            endpoint(env, TOKEN_ENDPOINT, "the OIDC provider's token endpoint"),
            clientId,
            env.optional(CLIENT_SECRET),
            URI.create(baseUrl.replaceAll("/+$", "") + "/console/callback"));
    return new OidcCodeFlow(
        setup, client, new OidcAuthenticator(settings, claims, clock), session(env));
  }

  static Duration session(Environment env) {
    Optional<String> value = env.optional(SESSION);
    if (value.isEmpty()) {
      return DEFAULT_SESSION;
    }
    try {
      Duration d = Duration.parse(value.get());
      if (d.toSeconds() >= 60 && d.compareTo(Sessions.MAX_LIFETIME) <= 0) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // The same error as a duration out of range.
    }
    throw env.invalid(SESSION, "must be an ISO-8601 duration from PT1M to PT12H, such as PT1H");
  }

  /** An https URL (plain http only on loopback, for tests and development). */
  private static URI endpoint(Environment env, String name, String what) {
    URI uri = Urls.required(env, name, what);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https") || (scheme.equals("http") && loopback(uri.getHost()))) {
      return uri;
    }
    throw env.invalid(name, "must use https (http only on loopback)");
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
      return false;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
