package dev.jitgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jitgate.port.CallerEvidence;
import dev.jitgate.port.UnauthenticatedException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Keys, a fixed clock and token minting shared by the OIDC tests. */
final class OidcFixtures {
  /**
   * Long past, on purpose: every token below would be expired by the system clock, so a token that
   * verifies proves the injected clock was used.
   */
  static final Instant NOW = Instant.parse("2020-03-01T10:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String ISSUER = "https://id.example.com";
  static final String AUDIENCE = "jitgate-client";
  static final String SUBJECT = "00u1abcd";
  static final String EMAIL = "alice@example.com";

  private OidcFixtures() {}

  static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static OidcSettings settings(URI jwksUri) {
    return OidcSettings.of(URI.create(ISSUER), AUDIENCE, jwksUri);
  }

  /** Claims a valid ID token carries: issued 10 s ago, expiring in 5 minutes. */
  static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(SUBJECT)
        .issueTime(at(Duration.ofSeconds(-10)))
        .expirationTime(at(Duration.ofMinutes(5)))
        .claim("email", EMAIL)
        .claim("email_verified", true)
        .claim("groups", List.of("sre", "oncall"));
  }

  static Date at(Duration fromNow) {
    return Date.from(NOW.plus(fromNow));
  }

  static String sign(JWK key, JWTClaimsSet claims) {
    try {
      if (key instanceof RSAKey rsa) {
        return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, key.getKeyID(), claims);
      }
      return sign(new ECDSASigner((ECKey) key), JWSAlgorithm.ES256, key.getKeyID(), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  static CallerEvidence bearer(String token) {
    return headers(Map.of("Authorization", "Bearer " + token));
  }

  /** Headers looked up by name whatever its case, as the port promises. */
  static CallerEvidence headers(Map<String, String> values) {
    return name ->
        values.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst();
  }

  /** Asserts the call is refused as unauthenticated, and returns the message the client sees. */
  static String unauthenticated(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(UnauthenticatedException.class);
    return thrown.getMessage();
  }
}
