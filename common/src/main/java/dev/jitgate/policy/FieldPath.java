package dev.jitgate.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the policy file: its path from the top ({@code entitlements[2].duration.max}), used to
 * find its line, and how a problem there is reported (entitlement id and field within it).
 */
record FieldPath(String path, Optional<String> entitlement, String field) {
  private static final Pattern IN_ENTITLEMENT = Pattern.compile("entitlements\\[(\\d+)](\\.)?(.*)");

  static FieldPath root() {
    return new FieldPath("", Optional.empty(), "");
  }

  /**
   * The entitlement at {@code index}. Problems inside it name the entitlement by its id when it has
   * one, and by its position in the list otherwise.
   */
  static FieldPath entitlement(int index, Optional<String> id) {
    String path = index(child("", "entitlements"), index);
    return new FieldPath(path, id, id.isPresent() ? "" : path);
  }

  /** The place at a path from the top, naming the entitlement it is in by the id written there. */
  static FieldPath of(String path, SourceMap source) {
    Matcher in = IN_ENTITLEMENT.matcher(path);
    if (!in.matches()) {
      return new FieldPath(path, Optional.empty(), path);
    }
    int index = Integer.parseInt(in.group(1));
    Optional<String> id = idAt(index, source);
    return new FieldPath(path, id, id.isPresent() ? in.group(3) : path);
  }

  /** The id written on the entitlement at {@code index}, if it is written as non-blank text. */
  static Optional<String> idAt(int index, SourceMap source) {
    return source
        .scalar(child(index(child("", "entitlements"), index), "id"))
        .map(String::strip)
        .filter(id -> !id.isEmpty());
  }

  FieldPath child(String key) {
    return new FieldPath(child(path, key), entitlement, child(field, key));
  }

  FieldPath element(int index) {
    return new FieldPath(index(path, index), entitlement, index(field, index));
  }

  /** The last key of the path, such as {@code requesters}. */
  String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The path one step up, or the empty root path. */
  static String parent(String path) {
    if (path.endsWith("]")) {
      return path.substring(0, path.lastIndexOf('['));
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }
}
