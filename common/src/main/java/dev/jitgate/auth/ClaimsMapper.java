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
 * names the caller and how the identity provider vouches for it ({@link Identity}), which claim
 * holds the groups, and what a group name may be. The claims must already be verified; this only
 * reads them. An identity the provider does not vouch for is refused, by default.
 */
public final class ClaimsMapper {
  public static final String DEFAULT_EMAIL_CLAIM = "email";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";

  /** How the identity provider vouches for who the caller is. */
  public sealed interface Identity {
    /** The standard {@code email} claim, only with {@code email_verified: true} beside it. */
    record VerifiedEmail() implements Identity {}

    /**
     * An e-mail claim the configuration vouches for: the provider only ever puts verified addresses
     * there that its users cannot change.
     */
    record TrustedEmailClaim(String claim) implements Identity {
      public TrustedEmailClaim {
        claimName(claim, "e-mail");
      }
    }

    /**
     * A stable claim the provider assigns (such as Entra ID's {@code oid}), mapped explicitly to
     * e-mail addresses; an unmapped value is refused.
     */
    record MappedClaim(String claim, Map<String, UserId> identities) implements Identity {
      public MappedClaim {
        claimName(claim, "identity");
        identities = Map.copyOf(identities);
        if (identities.isEmpty()) {
          throw new IllegalArgumentException("the identity map must map at least one value");
        }
      }
    }
  }

  /** Longer names are not group names but something pasted into the claim. */
  static final int MAX_GROUP_NAME = 256;

  private static final String NO_EMAIL = "the ID token carries no valid e-mail address";
  private static final String EMAIL_UNVERIFIED =
      "the ID token's e-mail address is not verified: email_verified must be true";
  private static final String UNMAPPED =
      "your account is not mapped to a jitgate identity: ask an administrator to add it";
  private static final String BAD_GROUPS = "the ID token's groups claim must be a list of names";

  private final Identity identity;
  private final String groupsClaim;

  /**
   * @param groupsClaim the claim holding the caller's groups, such as {@code groups} or {@code
   *     cognito:groups}
   */
  public ClaimsMapper(Identity identity, String groupsClaim) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.groupsClaim = claimName(groupsClaim, "groups");
  }

  /** The mapper for the verified standard {@code email} claim and the {@code groups} claim. */
  public static ClaimsMapper standard() {
    return new ClaimsMapper(new Identity.VerifiedEmail(), DEFAULT_GROUPS_CLAIM);
  }

  public Identity identity() {
    return identity;
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
    if (identity instanceof Identity.TrustedEmailClaim trusted) {
      return address(claims.get(trusted.claim()));
    }
    if (identity instanceof Identity.MappedClaim mapped) {
      if (!(claims.get(mapped.claim()) instanceof String value)
          || !mapped.identities().containsKey(value)) {
        throw new UnauthenticatedException(UNMAPPED);
      }
      return mapped.identities().get(value);
    }
    UserId email = address(claims.get(DEFAULT_EMAIL_CLAIM));
    // OIDC Core 5.1: a provider may let users set an address it never checked, and one that says
    // nothing has not vouched for it either.
    Object verified = claims.get("email_verified");
    if (!(Boolean.TRUE.equals(verified)
        || (verified instanceof String text && text.toLowerCase(Locale.ROOT).equals("true")))) {
      throw new UnauthenticatedException(EMAIL_UNVERIFIED);
    }
    return email;
  }

  private static UserId address(Object value) {
    if (!(value instanceof String email) || !UserId.isValid(email)) {
      throw new UnauthenticatedException(NO_EMAIL);
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

  static String claimName(String name, String what) {
    Objects.requireNonNull(name, what + " claim name");
    if (name.isBlank() || !name.equals(name.strip())) {
      throw new IllegalArgumentException("the " + what + " claim name must be non-blank");
    }
    return name;
  }
}
