package dev.jitgate.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A signed-in person as an authenticator established them: who, and which groups they claim. */
public record Caller(String subject, UserId email, Set<String> groups, Map<String, Object> claims) {
  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(email, "email");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }

  /**
   * The caller's Entra object id, when the verified claims carry one ({@code oid}). Only as
   * trustworthy as the issuer of the claims: Azure grants need an Entra ID sign-in.
   */
  public Optional<PrincipalId> entraObjectId() {
    Object oid = claims.get(PrincipalId.ENTRA_OBJECT_ID_CLAIM);
    if (!(oid instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PrincipalId(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A caller known only by e-mail and groups, as the development header and tests give them. Their
   * Entra object id is made up from the address, so that simulated Azure grants can be tried
   * without Entra ID; real sign-ins carry the directory's own.
   */
  public static Caller of(String email, String... groups) {
    UserId user = new UserId(email);
    String simulatedObjectId =
        UUID.nameUUIDFromBytes(("jitgate-local:" + user.email()).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new Caller(
        user.email(),
        user,
        Set.of(groups),
        Map.of(PrincipalId.ENTRA_OBJECT_ID_CLAIM, simulatedObjectId));
  }
}
