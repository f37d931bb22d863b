package dev.jitgate.multicloud;

import dev.jitgate.testing.IdentityProviderStub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The people of the shared policy and their ID tokens from the one identity provider every
 * deployment trusts. Tokens are issued at the deployments' clock, which the tests move by hours,
 * and carry the Entra object id ({@code oid}) that Azure requests need, whichever deployment takes
 * them.
 */
final class People {
  static final String ALICE = "alice";
  static final String BOB = "bob";
  static final String CAROL = "carol";
  static final String DAVE = "dave";

  private static final Map<String, String> OIDS =
      Map.of(
          ALICE, "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
          BOB, "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
          CAROL, "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
          DAVE, "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");

  private final IdentityProviderStub idp;
  private final Clock clock;

  People(IdentityProviderStub idp, Clock clock) {
    this.idp = idp;
    this.clock = clock;
  }

  static String email(String who) {
    return who + "@example.com";
  }

  /** The Entra object id of {@code who}. */
  static String oid(String who) {
    return OIDS.get(who);
  }

  /** A fresh ID token of {@code who}, issued now by the deployments' clock, for 10 minutes. */
  String token(String who) {
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("email", email(who));
    claims.put("email_verified", true);
    claims.put("oid", oid(who));
    claims.put("iat", Date.from(now));
    claims.put("exp", Date.from(now.plus(Duration.ofMinutes(10))));
    try {
      return idp.token(
          IdentityProviderStub.ISSUER, IdentityProviderStub.AUDIENCE, "sub-" + who, claims);
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a token for " + who, e);
    }
  }
}
