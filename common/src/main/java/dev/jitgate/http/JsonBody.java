package dev.jitgate.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jitgate.domain.InvalidRequestException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read strictly: a JSON object with only the fields an endpoint knows, each of the
 * right type. Every refusal is an {@link InvalidRequestException} that names the field.
 */
final class JsonBody {
  private static final ObjectReader READER =
      ApiJson.MAPPER
          .reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Exactly one JSON value: "{}xyz" or "{...}]]]" is not a body we understand.
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /**
   * Reads {@code body}; an empty body is an empty object. The bytes must be strict UTF-8 and hold
   * exactly one JSON value.
   */
  static JsonBody parse(byte[] body, Set<String> fields) {
    String text = Utf8.decode(body, "the body");
    if (text.isBlank()) {
      return new JsonBody(ApiJson.object());
    }
    JsonNode root;
    try {
      root = READER.readTree(text);
    } catch (IOException e) {
      throw new InvalidRequestException("the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("the body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new InvalidRequestException(
            "unknown field '" + name + "'; this endpoint accepts " + describe(fields));
      }
    }
    return new JsonBody(root);
  }

  /** The text of {@code field}, absent when missing or null. */
  Optional<String> text(String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new InvalidRequestException("field '" + field + "' must be a string");
    }
    return Optional.of(value.textValue());
  }

  /** The boolean {@code field}, false when missing or null. */
  boolean flag(String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException("field '" + field + "' must be true or false");
    }
    return value.booleanValue();
  }

  String requiredText(String field) {
    return text(field)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> new InvalidRequestException("field '" + field + "' is required"));
  }

  private static String describe(Set<String> fields) {
    return fields.isEmpty()
        ? "no fields"
        : "only " + String.join(", ", fields.stream().sorted().toList());
  }
}
