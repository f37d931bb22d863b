package dev.jitgate.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * What Jackson's tree model forgets about a YAML file: the line of every path, the text of every
 * scalar as written (so {@code 0123} is not read as octal 83), and the YAML the policy refuses
 * (duplicate keys, aliases, a second document), found by walking the file with the streaming
 * parser.
 */
final class SourceMap {
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, String> scalars = new HashMap<>();
  private final List<Issue> issues = new ArrayList<>();

  /** YAML that parses but that a policy refuses, at the path and line where it is. */
  record Issue(String path, int line, String message) {}

  private SourceMap() {}

  /** Walks {@code yaml}; throws the parser's exception when the YAML is malformed. */
  static SourceMap read(YAMLFactory factory, String yaml) throws IOException {
    SourceMap map = new SourceMap();
    try (JsonParser parser = factory.createParser(yaml)) {
      if (parser.nextToken() != null) {
        map.value(parser, "", parser.currentTokenLocation().getLineNr());
        if (parser.nextToken() != null) {
          map.issue(
              "",
              parser.currentTokenLocation().getLineNr(),
              "the file holds a second YAML document; keep the whole policy in one document");
        }
      }
    }
    return map;
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

  private void value(JsonParser parser, String path, int line) throws IOException {
    lines.put(path, line);
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      mapping(parser, path);
    } else if (token == JsonToken.START_ARRAY) {
      sequence(parser, path);
    } else if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      issue(
          path,
          line,
          "*"
              + parser.getText()
              + " is a YAML alias, which a policy may not use; write the value out in full");
    } else if (token != JsonToken.VALUE_NULL) {
      scalars.put(path, parser.getText());
    }
  }

  private void mapping(JsonParser parser, String path) throws IOException {
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
      value(parser, child, line);
    }
  }

  private void sequence(JsonParser parser, String path) throws IOException {
    int index = 0;
    for (JsonToken token = parser.nextToken();
        token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      value(parser, FieldPath.index(path, index++), parser.currentTokenLocation().getLineNr());
    }
  }

  private void issue(String path, int line, String message) {
    issues.add(new Issue(path, line, message));
  }
}
