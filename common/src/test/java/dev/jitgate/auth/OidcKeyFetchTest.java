package dev.jitgate.auth;

import static dev.jitgate.auth.OidcFixtures.CLOCK;
import static dev.jitgate.auth.OidcFixtures.bearer;
import static dev.jitgate.auth.OidcFixtures.rsaKey;
import static dev.jitgate.auth.OidcFixtures.settings;
import static dev.jitgate.auth.OidcFixtures.sign;
import static dev.jitgate.auth.OidcFixtures.unauthenticated;
import static dev.jitgate.auth.OidcFixtures.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jitgate.domain.Caller;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the JWKS is fetched: lazily, once while cached, and rarely for keys it does not hold. */
class OidcKeyFetchTest {
  private final RSAKey key = rsaKey("rsa-1");
  private final JwksServer jwks = JwksServer.publishing(key);

  @AfterEach
  void stopProvider() {
    jwks.close();
  }

  @Test
  void construct_fetchesNothingUntilTheFirstToken() {
    // when
    var authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);

    // then
    assertThat(jwks.requests()).isZero();
    authenticator.authenticate(bearer(sign(key, validClaims().build())));
    assertThat(jwks.requests()).isEqualTo(1);
  }

  @Test
  void construct_whenKeyEndpointUnreachable_succeedsAndFailsOnlyOnUse() throws IOException {
    // given a loopback port that nothing listens on
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/jwks");

    // when
    var authenticator = new OidcAuthenticator(settings(unreachable), CLOCK);

    // then
    String token = sign(key, validClaims().build());
    assertThat(unauthenticated(() -> authenticator.authenticate(bearer(token))))
        .contains("could not be fetched");
  }

  @Test
  void authenticate_twice_fetchesTheKeysOnce() {
    var authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);
    String token = sign(key, validClaims().build());

    authenticator.authenticate(bearer(token));
    authenticator.authenticate(bearer(sign(key, validClaims().subject("other").build())));

    assertThat(jwks.requests()).isEqualTo(1);
  }

  @Test
  void authenticate_whenKidUnknown_refetchesAtMostOncePerInterval() {
    // given keys already cached
    var authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);
    authenticator.authenticate(bearer(sign(key, validClaims().build())));

    // when three tokens arrive signed with keys the provider never published
    for (int i = 0; i < 3; i++) {
      String stranger = sign(rsaKey("unknown-" + i), validClaims().build());
      unauthenticated(() -> authenticator.authenticate(bearer(stranger)));
    }

    // then one refetch looked for them, and the rate limit stopped the rest
    assertThat(jwks.requests()).isEqualTo(2);
  }

  @Test
  void authenticate_whenProviderRotatesToANewKey_refetchesAndAccepts() {
    // given keys already cached
    var authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);
    authenticator.authenticate(bearer(sign(key, validClaims().build())));

    // when the provider publishes a new key and signs with it
    RSAKey rotated = rsaKey("rsa-2");
    jwks.publish(List.<JWK>of(key, rotated));
    Caller caller = authenticator.authenticate(bearer(sign(rotated, validClaims().build())));

    // then
    assertThat(caller.subject()).isEqualTo(OidcFixtures.SUBJECT);
    assertThat(jwks.requests()).isEqualTo(2);
  }

  @Test
  void authenticate_whenAlgorithmNotAccepted_fetchesNoKeys() throws KeyLengthException {
    // given an HS256 token: had HS256 been accepted, nimbus would look in the JWKS for its key
    var authenticator = new OidcAuthenticator(settings(jwks.uri()), CLOCK);
    byte[] secret = "a shared secret of at least 256 bits".getBytes(StandardCharsets.UTF_8);
    String hmac = sign(new MACSigner(secret), JWSAlgorithm.HS256, "rsa-1", validClaims().build());

    // when
    unauthenticated(() -> authenticator.authenticate(bearer(hmac)));

    // then
    assertThat(jwks.requests()).isZero();
  }
}
