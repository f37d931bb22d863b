package dev.jitgate.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The cold-start benches' identity provider: {@code IdentityProviderOnLoopback DIR EMAIL GROUP...}
 * serves a fresh key's JWKS on 127.0.0.1 and writes, into {@code DIR}, {@code token}, an ID token
 * for {@code EMAIL} in those groups valid for an hour, and then {@code idp.port}. The functions
 * verify that token, so a measured cold start includes fetching the JWKS once. Serves until killed.
 */
public final class IdentityProviderOnLoopback {
  private IdentityProviderOnLoopback() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: IdentityProviderOnLoopback DIR EMAIL [GROUP...]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String[] groups = Arrays.copyOfRange(args, 2, args.length);
    IdentityProviderStub idp = new IdentityProviderStub();
    Files.writeString(dir.resolve("token"), idp.idToken(args[1], groups), StandardCharsets.UTF_8);
    Path partial = dir.resolve("idp.port.tmp");
    Files.writeString(partial, Integer.toString(idp.jwksUri().getPort()), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("idp.port"));
  }
}
