package dev.jitgate.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A signed-in person as an authenticator established them: who, and which groups they claim. */
public record Caller(String subject, UserId email, Set<String> groups, Map<String, Object> claims) {
  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(email, "email");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }

  /** A caller known only by e-mail and groups, as the development header and tests give them. */
  public static Caller of(String email, String... groups) {
    UserId user = new UserId(email);
    return new Caller(user.email(), user, Set.of(groups), Map.of());
  }
}
