package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default front door: a function URL event whose bearer ID token the OIDC authenticator checks
 * against the identity provider's JWKS, here served on loopback.
 */
class FunctionUrlOidcTest {
  private static final String ISSUER = "https://id.example.com";
  private static final String AUDIENCE = "jitgate";

  private final ServiceHarness harness = new ServiceHarness();
  private final RSAKey key;
  private final HttpServer jwks;
  private final ApiHandler handler;

  FunctionUrlOidcTest() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] published = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, published.length);
          exchange.getResponseBody().write(published);
          exchange.close();
        });
    jwks.start();
    URI jwksUri = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
    OidcAuthenticator oidc =
        new OidcAuthenticator(
            OidcSettings.of(URI.create(ISSUER), AUDIENCE, jwksUri), Clock.systemUTC());
    handler = new ApiHandler(new Router(harness.service, oidc, harness.tokens));
  }

  @AfterEach
  void close() {
    jwks.stop(0);
    harness.close();
  }

  @Test
  void approvalThroughAFunctionUrl_withAValidIdToken_activatesTheRequest() throws Exception {
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");
    APIGatewayV2HTTPEvent event =
        withBearer(
            Events.http(Events.URL_POST_APPROVE, pending.id().value()),
            idToken("carol@example.com"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).contains("\"state\":\"ACTIVE\"");
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void functionUrlEvent_withATokenNotSignedByTheProvider_isUnauthenticated() {
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.URL_POST_APPROVE, pending.id().value()), null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.PENDING);
  }

  private String idToken(String email) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("00u-" + email.hashCode())
            .claim("email", email)
            .claim("email_verified", true)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static APIGatewayV2HTTPEvent withBearer(APIGatewayV2HTTPEvent event, String token) {
    Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
    headers.put("authorization", "Bearer " + token);
    event.setHeaders(headers);
    return event;
  }
}
