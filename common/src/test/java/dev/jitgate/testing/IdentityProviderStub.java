package dev.jitgate.testing;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * An OIDC identity provider on loopback: its JWKS served over HTTP, and ID tokens it signs. The
 * cloud modules' handler tests and cold-start benches use it, also as a stand-in for Google's and
 * IAP's keys.
 */
public final class IdentityProviderStub implements AutoCloseable {
  public static final String ISSUER = "https://id.example.com";
  public static final String AUDIENCE = "jitgate";

  private final RSAKey key;
  private final HttpServer jwks;

  public IdentityProviderStub() throws Exception {
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
  }

  public URI jwksUri() {
    return URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
  }

  public OidcAuthenticator authenticator() {
    return new OidcAuthenticator(
        OidcSettings.of(URI.create(ISSUER), AUDIENCE, jwksUri()), Clock.systemUTC());
  }

  /** A valid ID token for {@code email}, for an hour, with a verified address and these groups. */
  public String idToken(String email, String... groups) throws Exception {
    return idToken(email, Map.of(), groups);
  }

  /** As {@link #idToken(String, String...)}, with {@code more} claims (an Entra {@code oid}). */
  public String idToken(String email, Map<String, Object> more, String... groups) throws Exception {
    Map<String, Object> claims = new java.util.LinkedHashMap<>();
    claims.put("email", email);
    claims.put("email_verified", true);
    claims.put("groups", List.of(groups));
    claims.putAll(more);
    return token(ISSUER, AUDIENCE, "00u-" + email.hashCode(), claims);
  }

  /** A token valid for an hour from now, signed with this provider's key, for any issuer. */
  public String token(String issuer, String audience, String subject, Map<String, Object> claims)
      throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)));
    claims.forEach(builder::claim);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), builder.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Override
  public void close() {
    jwks.stop(0);
  }
}
