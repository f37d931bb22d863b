package dev.jitgate.auth;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.UnauthenticatedException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns verified claims into a {@link Caller}, the one way every authenticator does it: which claim
 * holds the e-mail address and whether the identity provider vouched for it, which claim holds the
 * groups, and what a group name may be. The claims must already be verified; this only reads them.
 */
public final class ClaimsMapper {
  public static final String DEFAULT_EMAIL_CLAIM = "email";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** Longer names are not group names but something pasted into the claim. */
  static final int MAX_GROUP_NAME = 256;

  private static final String NO_EMAIL = "the ID token carries no valid e-mail address";
  private static final String EMAIL_UNVERIFIED = "the ID token's e-mail address is not verified";
  private static final String BAD_GROUPS = "the ID token's groups claim must be a list of names";

  private final String emailClaim;
  private final String groupsClaim;

  /**
   * @param emailClaim the claim holding the caller's e-mail address, usually {@code email}
   * @param groupsClaim the claim holding the caller's groups, such as {@code groups} or {@code
   *     cognito:groups}
   */
  public ClaimsMapper(String emailClaim, String groupsClaim) {
    this.emailClaim = claimName(emailClaim, "email");
    this.groupsClaim = claimName(groupsClaim, "groups");
  }

  /** The mapper for the standard {@code email} and {@code groups} claims. */
  public static ClaimsMapper standard() {
    return new ClaimsMapper(DEFAULT_EMAIL_CLAIM, DEFAULT_GROUPS_CLAIM);
  }

  public String emailClaim() {
    return emailClaim;
  }

  public String groupsClaim() {
    return groupsClaim;
  }

  /**
   * The caller the claims name. JSON types are expected: text, booleans (or their text, as some
   * front doors pass every claim as text) and lists of text.
   *
   * @throws UnauthenticatedException when the claims name no usable, verified caller
   */
  public Caller caller(Map<String, Object> claims) {
    Objects.requireNonNull(claims, "claims");
    UserId email = email(claims);
    Object subject = claims.get("sub");
    return new Caller(
        subject instanceof String sub && !sub.isBlank() ? sub : email.email(),
        email,
        groups(claims.get(groupsClaim)),
        claims);
  }

  private UserId email(Map<String, Object> claims) {
    if (!(claims.get(emailClaim) instanceof String email) || !UserId.isValid(email)) {
      throw new UnauthenticatedException(NO_EMAIL);
    }
    // OIDC Core 5.1: a provider may let users set an address it never checked.
    if (emailClaim.equals(DEFAULT_EMAIL_CLAIM)) {
      Object verified = claims.get("email_verified");
      if (Boolean.FALSE.equals(verified)
          || (verified instanceof String text && text.toLowerCase(Locale.ROOT).equals("false"))) {
        throw new UnauthenticatedException(EMAIL_UNVERIFIED);
      }
    }
    return new UserId(email);
  }

  private static Set<String> groups(Object value) {
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new UnauthenticatedException(BAD_GROUPS);
    }
    Set<String> groups = new LinkedHashSet<>();
    for (Object entry : list) {
      if (!(entry instanceof String name)) {
        throw new UnauthenticatedException(BAD_GROUPS);
      }
      groupName(name).ifPresent(groups::add);
    }
    return groups;
  }

  /**
   * The one rule for a claimed group name: surrounding blanks are dropped, a blank name is no
   * group, and a name with control characters or over {@value #MAX_GROUP_NAME} characters is
   * refused.
   */
  static Optional<String> groupName(String raw) {
    String name = raw.strip();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (name.length() > MAX_GROUP_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new UnauthenticatedException(BAD_GROUPS);
    }
    return Optional.of(name);
  }

  private static String claimName(String name, String what) {
    Objects.requireNonNull(name, what + " claim name");
    if (name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("the " + what + " claim name must be non-blank");
    }
    return name;
  }
}
