package dev.jitgate.aws.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The bench's identity provider: serves a fresh key's JWKS on 127.0.0.1 and writes, into the
 * directory given, {@code idp.port} and {@code token}, an ID token for the bench's requester valid
 * for an hour. The function verifies that token on every call, as it does behind API Gateway's JWT
 * authorizer, so the measured cold start includes fetching the JWKS once. Serves until killed.
 */
public final class IdentityProviderOnLoopback {
  static final String ISSUER = "https://id.bench.example.com";
  static final String AUDIENCE = "jitgate-bench";

  private IdentityProviderOnLoopback() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    server.start();
    Instant now = Instant.now();
    SignedJWT token =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("bench-alice")
                .claim("email", ColdStartProbe.REQUESTER)
                .claim("email_verified", true)
                .claim("groups", List.of("sre"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .build());
    token.sign(new RSASSASigner(key));
    Files.writeString(dir.resolve("token"), token.serialize(), StandardCharsets.UTF_8);
    Path partial = dir.resolve("idp.port.tmp");
    Files.writeString(
        partial, Integer.toString(server.getAddress().getPort()), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("idp.port"));
  }
}
