package dev.jitgate.domain;

import java.util.Objects;

/**
 * Identifies one cloud artifact: the same kind, target and principal. Requests whose kind shares
 * its artifact are reference-counted by this key.
 */
public record GrantKey(GrantKind kind, String target, UserId principal) {
  public GrantKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(principal, "principal");
  }

  public static GrantKey of(GrantSpec spec, UserId principal) {
    return new GrantKey(spec.kind(), spec.target(), principal);
  }

  /** A single string for stores to index. */
  public String value() {
    return kind.id() + "|" + target + "|" + principal.email();
  }
}
