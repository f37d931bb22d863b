package dev.jitgate.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.util.DateUtils;
import java.time.Clock;
import java.util.Collections;
import java.util.Date;
import java.util.Set;

/**
 * Nimbus's claims verifier (issuer, audience, required claims, {@code exp}, {@code nbf}) reading
 * the time from our clock instead of the system's, and refusing an {@code iat} in the future.
 */
final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
  private final Clock clock;

  ClockedClaimsVerifier(OidcSettings settings, Clock clock) {
    // Collections.singleton, not Set.of: nimbus asks the audience set whether it contains null.
    super(
        Collections.singleton(settings.audience()),
        new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
        Set.of(
            JWTClaimNames.ISSUER,
            JWTClaimNames.AUDIENCE,
            JWTClaimNames.SUBJECT,
            JWTClaimNames.EXPIRATION_TIME),
        Set.of());
    this.clock = clock;
    setMaxClockSkew((int) settings.clockSkew().toSeconds());
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    super.verify(claims, context);
    Date issuedAt = claims.getIssueTime();
    if (issuedAt != null && !DateUtils.isBefore(issuedAt, currentTime(), getMaxClockSkew())) {
      throw new BadJWTException("JWT issued in the future");
    }
  }

  // DefaultJWTClaimsVerifier checks exp and nbf against this (nimbus 10.x).
  @Override
  protected Date currentTime() {
    return Date.from(clock.instant());
  }
}
