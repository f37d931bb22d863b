package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values out of the YAML tree. A value of the wrong type becomes a problem at its
 * field, and the reader returns empty; an absent value ({@code null} node) returns empty silently,
 * so the caller decides whether it was needed.
 */
final class Values {
  private final SourceMap source;
  private final Problems problems;

  Values(SourceMap source, Problems problems) {
    this.source = source;
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  SourceMap source() {
    return source;
  }

  /** A scalar as the file spells it, whatever YAML type it resolved to. */
  Optional<String> text(JsonNode node, FieldPath at) {
    if (node == null || !present(node, at)) {
      return Optional.empty();
    }
    if (node.isContainerNode()) {
      problems.error(at, "must be text, not " + describe(node, at));
      return Optional.empty();
    }
    return Optional.of(source.scalar(at.path()).orElse(node.asText()));
  }

  Optional<Boolean> bool(JsonNode node, FieldPath at) {
    if (node == null || !present(node, at)) {
      return Optional.empty();
    }
    if (!node.isBoolean()) {
      problems.error(at, "must be true or false, not " + found(node, at, "true|false"));
      return Optional.empty();
    }
    return Optional.of(node.booleanValue());
  }

  Optional<Integer> wholeNumber(JsonNode node, FieldPath at) {
    if (node == null || !present(node, at)) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problems.error(at, "must be a whole number, not " + found(node, at, "-?[0-9]+"));
      return Optional.empty();
    }
    return Optional.of(node.intValue());
  }

  /** An ISO-8601 duration such as {@code PT1H}, which must be longer than zero. */
  Optional<Duration> duration(JsonNode node, FieldPath at) {
    Optional<String> text = text(node, at);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Duration duration;
    try {
      duration = Duration.parse(text.get());
    } catch (DateTimeParseException e) {
      problems.error(
          at, "'" + text.get() + "' is not an ISO-8601 duration; write it like PT30M, PT8H or P1D");
      return Optional.empty();
    }
    if (duration.isNegative() || duration.isZero()) {
      problems.error(at, text.get() + " is not longer than zero");
      return Optional.empty();
    }
    return Optional.of(duration);
  }

  /** The elements of a list; {@code example} shows the form, as in {@code [group:sre]}. */
  Optional<List<JsonNode>> list(JsonNode node, FieldPath at, String example) {
    if (node == null || !present(node, at)) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      problems.error(at, "must be a list, like " + example + ", not " + describe(node, at));
      return Optional.empty();
    }
    List<JsonNode> elements = new ArrayList<>();
    node.elements().forEachRemaining(elements::add);
    return Optional.of(elements);
  }

  /** The entries of a map whose keys are names the policy chooses, in the order of the file. */
  Optional<Map<String, JsonNode>> entries(JsonNode node, FieldPath at, String example) {
    if (node == null || !present(node, at)) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      problems.error(at, "must be a map, like " + example + ", not " + describe(node, at));
      return Optional.empty();
    }
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    node.properties().forEach(e -> entries.put(e.getKey(), e.getValue()));
    return Optional.of(entries);
  }

  /**
   * True when {@code node} is a map; reports it if it is something else, and reports each key that
   * is not one of {@code fields}. {@code what} names the map in messages, as in "an entitlement".
   */
  boolean map(JsonNode node, FieldPath at, String what, Collection<String> fields) {
    if (node == null || !present(node, at)) {
      return false;
    }
    if (!node.isObject()) {
      problems.error(
          at, "must be a map of " + String.join(", ", fields) + ", not " + describe(node, at));
      return false;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      if (!fields.contains(key)) {
        problems.error(at.child(key), unknownField(key, what, fields));
      }
    }
    return true;
  }

  /** The value as the person wrote it, for messages: {@code 'many'}, {@code a list}, ... */
  String describe(JsonNode node, FieldPath at) {
    if (node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a map";
    }
    return "'" + source.scalar(at.path()).orElse(node.asText()) + "'";
  }

  /** Like {@link #describe}, but explains quotes around a value of the right form. */
  private String found(JsonNode node, FieldPath at, String rightForm) {
    if (node.isTextual() && node.asText().matches(rightForm)) {
      return "the text '" + node.asText() + "'; write it without quotes";
    }
    return describe(node, at);
  }

  private boolean present(JsonNode node, FieldPath at) {
    if (node.isNull() || node.isMissingNode()) {
      problems.error(at, "has no value; give it one");
      return false;
    }
    return true;
  }

  static String unknownField(String key, String what, Collection<String> fields) {
    Optional<String> near = Spelling.closest(key, fields);
    return "'"
        + key
        + "' is not a field of "
        + what
        + near.map(n -> "; did you mean '" + n + "'?").orElse("; use " + Spelling.oneOf(fields));
  }
}
