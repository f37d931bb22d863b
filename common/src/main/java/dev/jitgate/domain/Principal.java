package dev.jitgate.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a policy names as a requester or an approver: {@code user:<email>}, {@code group:<name>} (a
 * group the policy lists, closed to its listed members) or {@code idp-group:<name>} (a group the
 * identity provider asserts in the caller's claims).
 */
public sealed interface Principal {

  /** One person. */
  record User(UserId user) implements Principal {
    public User {
      Objects.requireNonNull(user, "user");
    }

    @Override
    public String toString() {
      return "user:" + user.email();
    }
  }

  /** The form of a group name, in the policy and in claims alike. */
  Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

  /**
   * A group of the policy. When the policy defines it under {@code groups:}, only its listed
   * members match, whatever groups a caller claims; a policy from before {@code idp-group:} may
   * name an undefined group, which is then read as an identity-provider group, with a warning.
   */
  record Group(String name) implements Principal {
    public Group {
      requireGroupName(name);
    }

    @Override
    public String toString() {
      return "group:" + name;
    }
  }

  /** A group the identity provider asserts: matched by the caller's claimed groups only. */
  record IdpGroup(String name) implements Principal {
    public IdpGroup {
      requireGroupName(name);
    }

    @Override
    public String toString() {
      return "idp-group:" + name;
    }
  }

  private static void requireGroupName(String name) {
    Objects.requireNonNull(name, "group name");
    if (!GROUP_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a group name is 1 to 128 characters of letters, digits, '.', '_', '@' and '-'");
    }
  }

  /** Parses {@code user:alice@example.com} or {@code group:sre}. */
  static Principal parse(String text) {
    Objects.requireNonNull(text, "principal");
    if (text.startsWith("user:")) {
      return new User(new UserId(text.substring("user:".length())));
    }
    if (text.startsWith("group:")) {
      return new Group(text.substring("group:".length()));
    }
    if (text.startsWith("idp-group:")) {
      return new IdpGroup(text.substring("idp-group:".length()));
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a principal: write user:<email>, group:<name> or idp-group:<name>");
  }
}
