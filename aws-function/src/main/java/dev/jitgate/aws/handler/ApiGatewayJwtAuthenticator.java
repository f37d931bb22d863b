package dev.jitgate.aws.handler;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.RequestHeaders;
import dev.jitgate.port.UnauthenticatedException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Signs the caller in from the claims that API Gateway's JWT authorizer has already verified
 * (signature, issuer, audience, expiry), as {@link ApiHandler} hands them over. The headers are not
 * read: a request that did not pass the authorizer, such as one through a function URL, has no
 * claims and is unauthenticated.
 */
public final class ApiGatewayJwtAuthenticator implements Authenticator {
  private static final String SIGN_IN =
      "sign in: send an OIDC ID token as 'Authorization: Bearer <token>' through the API Gateway"
          + " endpoint";
  private static final String NO_EMAIL = "the ID token carries no valid e-mail address";
  private static final String EMAIL_UNVERIFIED = "the ID token's e-mail address is not verified";

  private final String emailClaim;
  private final String groupsClaim;

  /**
   * @param emailClaim the claim holding the caller's e-mail address, usually {@code email}
   * @param groupsClaim the claim holding the caller's groups, such as {@code groups} or {@code
   *     cognito:groups}
   */
  public ApiGatewayJwtAuthenticator(String emailClaim, String groupsClaim) {
    this.emailClaim = Objects.requireNonNull(emailClaim, "emailClaim");
    this.groupsClaim = Objects.requireNonNull(groupsClaim, "groupsClaim");
  }

  @Override
  public Caller authenticate(RequestHeaders headers) {
    Map<String, String> claims = AuthorizerClaims.current();
    if (claims.isEmpty()) {
      throw new UnauthenticatedException(SIGN_IN);
    }
    String email = claims.get(emailClaim);
    if (email == null || !UserId.isValid(email)) {
      throw new UnauthenticatedException(NO_EMAIL);
    }
    // OIDC Core 5.1: a provider may let users set an address it never checked. API Gateway passes
    // booleans as text.
    if (emailClaim.equals("email")
        && "false".equals(claims.getOrDefault("email_verified", "").toLowerCase(Locale.ROOT))) {
      throw new UnauthenticatedException(EMAIL_UNVERIFIED);
    }
    UserId user = new UserId(email);
    String subject = claims.getOrDefault("sub", user.email());
    return new Caller(
        subject, user, groups(claims.get(groupsClaim)), new LinkedHashMap<String, Object>(claims));
  }

  /**
   * The group names in a claim as API Gateway passes it: every claim value is text, and a list is
   * flattened to {@code [a b c]}. A comma-separated or JSON-style list and a single name are read
   * too.
   */
  static Set<String> groups(String value) {
    if (value == null) {
      return Set.of();
    }
    String list = value.strip();
    if (list.startsWith("[") && list.endsWith("]")) {
      list = list.substring(1, list.length() - 1);
    }
    Set<String> groups = new LinkedHashSet<>();
    for (String entry : list.split("[\\s,]+")) {
      String name = entry.replace("\"", "");
      if (!name.isEmpty()) {
        groups.add(name);
      }
    }
    return groups;
  }
}
