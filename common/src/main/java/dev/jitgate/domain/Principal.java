package dev.jitgate.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a policy names as a requester or an approver: {@code user:<email>} or {@code group:<name>}.
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

  /** A group, defined in the policy or named in the caller's claims. */
  record Group(String name) implements Principal {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    public Group {
      Objects.requireNonNull(name, "group name");
      if (!FORM.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a group name is 1 to 128 characters of letters, digits, '.', '_', '@' and '-'");
      }
    }

    @Override
    public String toString() {
      return "group:" + name;
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
    throw new IllegalArgumentException(
        "'" + text + "' is not a principal: write user:<email> or group:<name>");
  }
}
