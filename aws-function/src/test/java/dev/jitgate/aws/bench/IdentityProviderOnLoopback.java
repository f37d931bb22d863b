package dev.jitgate.aws.bench;

import dev.jitgate.testing.IdentityProviderStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench's identity provider: serves a fresh key's JWKS on 127.0.0.1 and writes, into the
 * directory given, {@code idp.port} and {@code token}, an ID token for the bench's requester valid
 * for an hour. The function verifies that token on every call, as it does behind API Gateway's JWT
 * authorizer, so the measured cold start includes fetching the JWKS once. Serves until killed.
 */
public final class IdentityProviderOnLoopback {
  private IdentityProviderOnLoopback() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    IdentityProviderStub idp = new IdentityProviderStub();
    Files.writeString(
        dir.resolve("token"), idp.idToken(ColdStartProbe.REQUESTER, "sre"), StandardCharsets.UTF_8);
    Path partial = dir.resolve("idp.port.tmp");
    Files.writeString(partial, Integer.toString(idp.jwksUri().getPort()), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("idp.port"));
  }
}
