package dev.jitgate.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cold-start benches' identity provider: serves a fresh key's JWKS on 127.0.0.1 and writes,
 * into the directory given, {@code token}, an ID token valid for an hour, and then {@code
 * idp.port}. The function verifies that token, so a measured cold start includes fetching the JWKS
 * once. Serves until killed.
 *
 * <p>Arguments: {@code DIR EMAIL GROUP[,GROUP...] [CLAIM=VALUE ...]}; the token carries the e-mail
 * address (verified), the groups and each extra claim as a string (an Entra {@code oid}).
 */
public final class IdentityProviderOnLoopback {
  private IdentityProviderOnLoopback() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: IdentityProviderOnLoopback DIR EMAIL GROUP[,GROUP...] [CLAIM=VALUE ...]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Map<String, Object> more = new LinkedHashMap<>();
    for (String claim : List.of(args).subList(3, args.length)) {
      int equals = claim.indexOf('=');
      if (equals < 1) {
        System.err.println("not CLAIM=VALUE: " + claim);
        System.exit(2);
      }
      more.put(claim.substring(0, equals), claim.substring(equals + 1));
    }
    IdentityProviderStub idp = new IdentityProviderStub();
    String token = idp.idToken(args[1], more, args[2].split(","));
    Files.writeString(dir.resolve("token"), token, StandardCharsets.UTF_8);
    Path partial = dir.resolve("idp.port.tmp");
    Files.writeString(partial, Integer.toString(idp.jwksUri().getPort()), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("idp.port"));
  }
}
