package dev.jitgate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.jitgate.domain.Caller;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.CallerEvidence;
import dev.jitgate.port.UnauthenticatedException;
import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/** Signs a caller in from an OIDC ID token, checked against the provider's cached JWKS. */
public final class OidcAuthenticator implements Authenticator {
  /** Far above any real ID token; keeps the parser away from absurd input. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  static final int HTTP_CONNECT_TIMEOUT_MS = 2_000;
  static final int HTTP_READ_TIMEOUT_MS = 2_000;
  static final int HTTP_SIZE_LIMIT_BYTES = 64 * 1024;
  static final long CACHE_TIME_TO_LIVE_MS = 10 * 60_000L;
  static final long CACHE_REFRESH_TIMEOUT_MS = 10_000L;
  static final long RATE_LIMIT_INTERVAL_MS = 30_000L;

  private static final String SIGN_IN =
      "sign in: send an OIDC ID token as 'Authorization: Bearer <token>'";
  private static final String MALFORMED = "the bearer token is not a well-formed JWT";
  private static final String EXPIRED = "the ID token has expired: sign in again";
  private static final String NOT_ACCEPTED = "the ID token was not accepted";
  private static final String KEYS_UNAVAILABLE =
      "the identity provider's signing keys could not be fetched: try again shortly";

  private final ClaimsMapper claims;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Function<CallerEvidence, String> token;

  /**
   * Prepares verification without touching the network. The JWKS is fetched on first use and cached
   * for 10 minutes; a token with an unknown key id triggers a refetch, but the JWKS endpoint sees
   * at most two requests in any 30 seconds.
   */
  public OidcAuthenticator(OidcSettings settings, Clock clock) {
    this(settings, standardClaims(settings), clock);
  }

  /**
   * As {@link #OidcAuthenticator(OidcSettings, Clock)}, with the caller read by {@code claims}: for
   * a provider whose identity is not the verified standard {@code email} claim.
   */
  public OidcAuthenticator(OidcSettings settings, ClaimsMapper claims, Clock clock) {
    this(settings, claims, clock, OidcAuthenticator::bearerToken);
  }

  /**
   * Verifies the signed JWT that a platform front door passes in a header of its own, such as
   * Identity-Aware Proxy's {@code x-goog-iap-jwt-assertion}, instead of a bearer token.
   *
   * @param signIn what to tell a caller whose request carries no such header
   */
  public static OidcAuthenticator fromHeader(
      OidcSettings settings, ClaimsMapper claims, Clock clock, String header, String signIn) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(signIn, "signIn");
    return new OidcAuthenticator(
        settings,
        claims,
        clock,
        request -> {
          String token = request.first(header).map(String::strip).orElse("");
          if (token.isEmpty()) {
            throw new UnauthenticatedException(signIn);
          }
          return wellFormed(token);
        });
  }

  private OidcAuthenticator(
      OidcSettings settings,
      ClaimsMapper claims,
      Clock clock,
      Function<CallerEvidence, String> token) {
    this.token = token;
    Objects.requireNonNull(settings, "OIDC settings");
    this.claims = Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(clock, "clock");
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keySource(settings)));
    processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(settings, clock));
  }

  /** The verified {@code email} claim; another e-mail claim needs an explicit identity rule. */
  private static ClaimsMapper standardClaims(OidcSettings settings) {
    if (!settings.emailClaim().equals(ClaimsMapper.DEFAULT_EMAIL_CLAIM)) {
      throw new IllegalArgumentException(
          "the e-mail claim "
              + settings.emailClaim()
              + " is not one the identity provider marks as verified: say how it vouches for it"
              + " with a ClaimsMapper identity");
    }
    return new ClaimsMapper(new ClaimsMapper.Identity.VerifiedEmail(), settings.groupsClaim());
  }

  private static JWKSource<SecurityContext> keySource(OidcSettings settings) {
    URL url;
    try {
      url = settings.jwksUri().toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the OIDC JWKS URI is not a URL", e);
    }
    var retriever =
        new DefaultResourceRetriever(
            HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, HTTP_SIZE_LIMIT_BYTES);
    // No refresh-ahead: it refreshes on a background thread, which a frozen function instance
    // (Lambda, Azure Functions, Cloud Functions) never runs reliably.
    return JWKSourceBuilder.<SecurityContext>create(url, retriever)
        .cache(CACHE_TIME_TO_LIVE_MS, CACHE_REFRESH_TIMEOUT_MS)
        .refreshAheadCache(false)
        .rateLimited(RATE_LIMIT_INTERVAL_MS)
        .retrying(true)
        .build();
  }

  @Override
  public Caller authenticate(CallerEvidence request) {
    return claims.caller(verify(token.apply(request)).toJSONObject(false));
  }

  private static String bearerToken(CallerEvidence headers) {
    String value = headers.first("Authorization").map(String::strip).orElse("");
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new UnauthenticatedException(SIGN_IN);
    }
    String token = value.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw new UnauthenticatedException(SIGN_IN);
    }
    return wellFormed(token);
  }

  private static String wellFormed(String token) {
    if (token.length() > MAX_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
      throw new UnauthenticatedException(MALFORMED);
    }
    return token;
  }

  // The messages below are our own: nimbus's can quote claim values.
  private JWTClaimsSet verify(String token) {
    try {
      JWT jwt = JWTParser.parse(token);
      // Parsing the claims here sorts a garbled payload under "malformed", not "not accepted".
      jwt.getJWTClaimsSet();
      return processor.process(jwt, null);
    } catch (ParseException e) {
      throw new UnauthenticatedException(MALFORMED);
    } catch (ExpiredJWTException e) {
      throw new UnauthenticatedException(EXPIRED);
    } catch (RateLimitReachedException e) {
      // An unknown key id after we just refetched the JWKS: the token is not from our provider.
      throw new UnauthenticatedException(NOT_ACCEPTED);
    } catch (KeySourceException e) {
      throw new UnauthenticatedException(KEYS_UNAVAILABLE);
    } catch (BadJOSEException | JOSEException | RuntimeException e) {
      // RuntimeException too: hostile input must end as a 401, never as a 500 with a stack trace.
      throw new UnauthenticatedException(NOT_ACCEPTED);
    }
  }
}
