package dev.jitgate.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A YAML file read once with the streaming parser into both Jackson's tree and what the tree
 * forgets: the line of every path, the text of every scalar as written (so {@code 0123} is not read
 * as octal 83), and the YAML the policy refuses (duplicate keys, aliases, a second document).
 */
final class SourceMap {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, String> scalars = new HashMap<>();
  private final List<Issue> issues = new ArrayList<>();

  /** YAML that parses but that a policy refuses, at the path and line where it is. */
  record Issue(String path, int line, String message) {}

  private SourceMap() {}

  /** A file's tree, as {@code ObjectMapper.readTree} gives it, and its source map. */
  record Read(JsonNode root, SourceMap source) {}

  /**
   * Reads {@code yaml}'s first document; throws the parser's exception when the YAML is malformed.
   * An empty file gives a missing root.
   */
  static Read read(YAMLFactory factory, String yaml) throws IOException {
    SourceMap map = new SourceMap();
    JsonNode root = MissingNode.getInstance();
    try (JsonParser parser = factory.createParser(yaml)) {
      if (parser.nextToken() != null) {
        root = map.value(parser, "", parser.currentTokenLocation().getLineNr());
        if (parser.nextToken() != null) {
          map.issue(
              "",
              parser.currentTokenLocation().getLineNr(),
              "the file holds a second YAML document; keep the whole policy in one document");
        }
      }
    }
    return new Read(root, map);
  }

  /** The line of {@code path}, or of its nearest ancestor that is in the file. */
  OptionalInt lineOf(String path) {
    Integer line = lines.get(path);
    for (String p = path; line == null && !p.isEmpty(); ) {
      p = FieldPath.parent(p);
      line = p.isEmpty() ? null : lines.get(p);
    }
    return line == null ? OptionalInt.empty() : OptionalInt.of(line);
  }

  /** The scalar at {@code path} as the file spells it, without quotes. */
  Optional<String> scalar(String path) {
    return Optional.ofNullable(scalars.get(path));
  }

  /** Duplicate keys, aliases and extra documents. */
  List<Issue> issues() {
    return List.copyOf(issues);
  }

  private JsonNode value(JsonParser parser, String path, int line) throws IOException {
    lines.put(path, line);
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      return mapping(parser, path);
    }
    if (token == JsonToken.START_ARRAY) {
      return sequence(parser, path);
    }
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      issue(
          path,
          line,
          "*"
              + parser.getText()
              + " is a YAML alias, which a policy may not use; write the value out in full");
    } else if (token != JsonToken.VALUE_NULL) {
      scalars.put(path, parser.getText());
    }
    return scalar(parser, token);
  }

  /** The node {@code readTree} makes of a scalar token, with its default settings. */
  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_EMBEDDED_OBJECT -> embedded(parser.getEmbeddedObject());
      default -> NODES.nullNode();
    };
  }

  private static JsonNode integer(JsonParser parser) throws IOException {
    return switch (parser.getNumberType()) {
      case INT -> NODES.numberNode(parser.getIntValue());
      case LONG -> NODES.numberNode(parser.getLongValue());
      default -> NODES.numberNode(parser.getBigIntegerValue());
    };
  }

  /** A {@code !!binary} scalar, or whatever else the parser hands over as an object. */
  private static JsonNode embedded(Object value) {
    return value instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(value);
  }

  private ObjectNode mapping(JsonParser parser, String path) throws IOException {
    ObjectNode node = NODES.objectNode();
    Map<String, Integer> seen = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int line = parser.currentTokenLocation().getLineNr();
      String child = FieldPath.child(path, key);
      Integer first = seen.putIfAbsent(key, line);
      if (first != null) {
        issue(
            child,
            line,
            "'" + key + "' appears twice in the same map (first on line " + first + ")");
      }
      parser.nextToken();
      // A duplicate key is an issue above; like readTree, the tree keeps the last value.
      node.set(key, value(parser, child, line));
    }
    return node;
  }

  private ArrayNode sequence(JsonParser parser, String path) throws IOException {
    ArrayNode node = NODES.arrayNode();
    int index = 0;
    for (JsonToken token = parser.nextToken();
        token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      node.add(
          value(parser, FieldPath.index(path, index++), parser.currentTokenLocation().getLineNr()));
    }
    return node;
  }

  private void issue(String path, int line, String message) {
    issues.add(new Issue(path, line, message));
  }
}
