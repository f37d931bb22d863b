package dev.jitgate.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A requester's id in a cloud's own directory, for grant kinds that name principals by id rather
 * than by e-mail: the Entra ID object id ({@code oid}) that {@code azure.*} grants are made for.
 */
public record PrincipalId(String value) {

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The claim in which Entra ID puts the object id. */
  public static final String ENTRA_OBJECT_ID_CLAIM = "oid";

  public PrincipalId {
    Objects.requireNonNull(value, "value");
    value = value.toLowerCase(Locale.ROOT);
    if (!GUID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "principal id '" + value + "' is not an Entra object id (a GUID)");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
