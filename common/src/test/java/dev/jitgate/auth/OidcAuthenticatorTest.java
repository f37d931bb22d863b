package dev.jitgate.auth;

import static dev.jitgate.auth.OidcFixtures.AUDIENCE;
import static dev.jitgate.auth.OidcFixtures.CLOCK;
import static dev.jitgate.auth.OidcFixtures.EMAIL;
import static dev.jitgate.auth.OidcFixtures.SUBJECT;
import static dev.jitgate.auth.OidcFixtures.at;
import static dev.jitgate.auth.OidcFixtures.bearer;
import static dev.jitgate.auth.OidcFixtures.ecKey;
import static dev.jitgate.auth.OidcFixtures.headers;
import static dev.jitgate.auth.OidcFixtures.rsaKey;
import static dev.jitgate.auth.OidcFixtures.settings;
import static dev.jitgate.auth.OidcFixtures.sign;
import static dev.jitgate.auth.OidcFixtures.unauthenticated;
import static dev.jitgate.auth.OidcFixtures.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.jitgate.domain.Caller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ID tokens in, callers or refusals out, against a real JWKS endpoint on loopback. */
class OidcAuthenticatorTest {
  private static final RSAKey RSA = rsaKey("rsa-1");
  private static final ECKey EC = ecKey("ec-1");

  private static JwksServer jwks;
  private static OidcAuthenticator authenticator;

  @BeforeAll
  static void startProvider() {
    jwks = JwksServer.publishing(RSA, EC);
    authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);
  }

  @AfterAll
  static void stopProvider() {
    jwks.close();
  }

  private static Caller authenticate(JWTClaimsSet claims) {
    return authenticator.authenticate(bearer(sign(RSA, claims)));
  }

  @Test
  void authenticate_whenValidRs256Token_returnsCallerFromClaims() {
    // given
    String token = sign(RSA, validClaims().build());

    // when
    Caller caller = authenticator.authenticate(bearer(token));

    // then
    assertThat(caller.subject()).isEqualTo(SUBJECT);
    assertThat(caller.email().email()).isEqualTo(EMAIL);
    assertThat(caller.groups()).containsExactlyInAnyOrder("sre", "oncall");
    assertThat(caller.claims())
        .containsEntry("iss", OidcFixtures.ISSUER)
        .containsEntry("exp", at(Duration.ofMinutes(5)).getTime() / 1000);
  }

  @Test
  void authenticate_whenValidEs256Token_returnsCaller() {
    String token = sign(EC, validClaims().claim("email", "Bob@Example.com").build());

    Caller caller = authenticator.authenticate(bearer(token));

    assertThat(caller.email().email()).isEqualTo("bob@example.com");
    assertThat(caller.groups()).containsExactlyInAnyOrder("sre", "oncall");
  }

  @Test
  void authenticate_whenSchemeInLowerCaseAndGroupsAbsent_acceptsWithNoGroups() {
    String token = sign(RSA, validClaims().claim("groups", null).build());

    Caller caller = authenticator.authenticate(headers(Map.of("authorization", "bearer " + token)));

    assertThat(caller.groups()).isEmpty();
  }

  @Test
  void authenticate_whenAudienceListContainsOurs_accepts() {
    JWTClaimsSet claims = validClaims().audience(List.of("other-app", AUDIENCE)).build();

    assertThat(authenticate(claims).subject()).isEqualTo(SUBJECT);
  }

  @Test
  void authenticate_whenIssuerDiffers_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().issuer("https://id.example.com/").build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenAudienceDiffers_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().audience(List.of("other-app")).build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenExpiredBeyondSkew_isUnauthenticatedAndSaysSo() {
    JWTClaimsSet claims = validClaims().expirationTime(at(Duration.ofSeconds(-61))).build();

    assertThat(unauthenticated(() -> authenticate(claims))).contains("expired");
  }

  @Test
  void authenticate_whenExpiredWithinSkew_accepts() {
    JWTClaimsSet claims = validClaims().expirationTime(at(Duration.ofSeconds(-59))).build();

    assertThat(authenticate(claims).subject()).isEqualTo(SUBJECT);
  }

  @Test
  void authenticate_whenExpiryMissing_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().expirationTime(null).build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenNotYetValidBeyondSkew_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().notBeforeTime(at(Duration.ofSeconds(61))).build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenIssuedInTheFutureBeyondSkew_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().issueTime(at(Duration.ofSeconds(61))).build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenSignedByAnotherKeyWithSameKid_isUnauthenticated() {
    String forged = sign(rsaKey(RSA.getKeyID()), validClaims().build());

    unauthenticated(() -> authenticator.authenticate(bearer(forged)));
  }

  @Test
  void authenticate_whenUnsecuredAlgNone_isUnauthenticated() {
    String unsecured = new PlainJWT(validClaims().build()).serialize();

    unauthenticated(() -> authenticator.authenticate(bearer(unsecured)));
  }

  @Test
  void authenticate_whenHs256WithTheProvidersPublicKeyAsSecret_isUnauthenticated()
      throws Exception {
    // The classic confusion attack: HMAC keyed with bytes the attacker can read from the JWKS.
    byte[] publicKey = RSA.toRSAPublicKey().getEncoded();
    String hmac =
        sign(new MACSigner(publicKey), JWSAlgorithm.HS256, RSA.getKeyID(), validClaims().build());

    unauthenticated(() -> authenticator.authenticate(bearer(hmac)));
  }

  @Test
  void authenticate_whenHs256WithSomeSecret_isUnauthenticated() throws KeyLengthException {
    byte[] secret = "a shared secret of at least 256 bits".getBytes(StandardCharsets.UTF_8);
    String hmac = sign(new MACSigner(secret), JWSAlgorithm.HS256, null, validClaims().build());

    unauthenticated(() -> authenticator.authenticate(bearer(hmac)));
  }

  @Test
  void authenticate_whenEmailMissing_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().claim("email", null).build();

    assertThat(unauthenticated(() -> authenticate(claims))).contains("e-mail");
  }

  @Test
  void authenticate_whenEmailNotAnAddress_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().claim("email", "alice").build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenEmailMarkedUnverified_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().claim("email_verified", false).build();

    assertThat(unauthenticated(() -> authenticate(claims))).contains("not verified");
  }

  @Test
  void authenticate_whenEmailVerifiedMissing_isUnauthenticated() {
    // Issue 8, item 4: only an explicit false used to be refused.
    JWTClaimsSet claims = validClaims().claim("email_verified", null).build();

    assertThat(unauthenticated(() -> authenticate(claims))).contains("not verified");
  }

  @Test
  void authenticate_whenGroupsClaimNotAList_isUnauthenticated() {
    JWTClaimsSet claims = validClaims().claim("groups", "sre").build();

    unauthenticated(() -> authenticate(claims));
  }

  @Test
  void authenticate_whenClaimNamesConfigured_readsThoseClaims() {
    // given a provider that puts the address in "upn" and the groups in a namespaced claim
    var settings =
        new OidcSettings(
            URI.create(OidcFixtures.ISSUER),
            AUDIENCE,
            jwks.uri(),
            null,
            "https://jitgate.dev/groups",
            Duration.ofSeconds(30));
    var custom =
        new OidcAuthenticator(
            settings,
            new ClaimsMapper(
                new ClaimsMapper.Identity.TrustedEmailClaim("upn"), "https://jitgate.dev/groups"),
            CLOCK);
    JWTClaimsSet claims =
        validClaims()
            .claim("email", null)
            .claim("upn", "carol@example.com")
            .claim("https://jitgate.dev/groups", List.of("admins"))
            .build();

    // when
    Caller caller = custom.authenticate(bearer(sign(RSA, claims)));

    // then
    assertThat(caller.email().email()).isEqualTo("carol@example.com");
    assertThat(caller.groups()).containsExactly("admins");
  }

  @Test
  void authenticate_whenTokenMalformed_isUnauthenticatedWithoutEchoingIt() {
    String garbage = "eyJhbGciOiJSUzI1NiJ9.not-base64!.sig";

    String message = unauthenticated(() -> authenticator.authenticate(bearer(garbage)));

    assertThat(message).contains("not a well-formed JWT").doesNotContain("not-base64");
  }

  @Test
  void authenticate_whenRejected_neverEchoesTheToken() {
    String token = sign(RSA, validClaims().issuer("https://evil.example.com").build());

    String message = unauthenticated(() -> authenticator.authenticate(bearer(token)));

    assertThat(message).doesNotContain(token).doesNotContain("evil");
  }

  @Test
  void authenticate_whenAuthorizationHeaderMissing_asksForABearerToken() {
    String message = unauthenticated(() -> authenticator.authenticate(headers(Map.of())));

    assertThat(message).contains("Authorization: Bearer");
  }

  @Test
  void authenticate_whenSchemeIsNotBearer_isUnauthenticated() {
    String token = sign(RSA, validClaims().build());
    var basic = headers(Map.of("Authorization", "Basic " + token));

    assertThat(unauthenticated(() -> authenticator.authenticate(basic)))
        .contains("Authorization: Bearer");
  }
}
