package dev.jitgate.testing.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cold-start bench, read from a plain text file of {@code key value} lines, so that a shell
 * script can write it without quoting trouble. The head says {@code title}, {@code runs} and {@code
 * baseline} (the variant the ratios divide by); each {@code variant NAME} line starts a variant,
 * followed by its {@code kind} ({@code lambda}, {@code http} or {@code marker}), {@code java} (the
 * JVM binary it runs, for the report), any number of {@code arg} lines (the command, with {@code
 * {port}} for the http kind's port) and {@code env NAME=VALUE} lines, and per kind {@code event} (a
 * file; lambda), {@code path} and {@code header NAME: VALUE} (http) and {@code expect} (a text the
 * first response must contain). {@code clear-env true} starts the variant from an empty environment
 * (only {@code PATH} and {@code HOME} kept).
 */
public record BenchSpec(String title, int runs, String baseline, List<Variant> variants) {

  /** One command to start cold, and how to tell its first response. */
  public record Variant(
      String name,
      String kind,
      String java,
      List<String> command,
      Map<String, String> env,
      boolean clearEnv,
      String event,
      String path,
      Map<String, String> headers,
      String expect) {}

  public BenchSpec {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1");
    }
    if (variants.stream().noneMatch(v -> v.name().equals(baseline))) {
      throw new IllegalArgumentException("no variant named as the baseline: " + baseline);
    }
  }

  public static BenchSpec read(Path file) throws IOException {
    String title = "cold start";
    int runs = 7;
    String baseline = null;
    List<Variant> variants = new ArrayList<>();
    Builder current = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1);
      if (key.equals("variant")) {
        if (current != null) {
          variants.add(current.build());
        }
        current = new Builder(value);
      } else if (current == null) {
        switch (key) {
          case "title":
            title = value;
            break;
          case "runs":
            runs = Integer.parseInt(value);
            break;
          case "baseline":
            baseline = value;
            break;
          default:
            throw new IllegalArgumentException("unknown bench key: " + key);
        }
      } else {
        current.set(key, value);
      }
    }
    if (current != null) {
      variants.add(current.build());
    }
    return new BenchSpec(title, runs, baseline, List.copyOf(variants));
  }

  private static final class Builder {
    private final String name;
    private String kind;
    private String java = "java";
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean clearEnv;
    private String event;
    private String path = "/";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String expect = "";

    Builder(String name) {
      this.name = name;
    }

    void set(String key, String value) {
      switch (key) {
        case "kind":
          kind = value;
          break;
        case "java":
          java = value;
          break;
        case "arg":
          command.add(value);
          break;
        case "env":
          env.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
          break;
        case "clear-env":
          clearEnv = Boolean.parseBoolean(value);
          break;
        case "event":
          event = value;
          break;
        case "path":
          path = value;
          break;
        case "header":
          headers.put(
              value.substring(0, value.indexOf(':')),
              value.substring(value.indexOf(':') + 1).strip());
          break;
        case "expect":
          expect = value;
          break;
        default:
          throw new IllegalArgumentException("unknown variant key: " + key);
      }
    }

    Variant build() {
      if (!List.of("lambda", "http", "marker").contains(kind)) {
        throw new IllegalArgumentException(name + ": kind must be lambda, http or marker");
      }
      if (kind.equals("lambda") && event == null) {
        throw new IllegalArgumentException(name + ": a lambda variant needs an event file");
      }
      if (command.isEmpty()) {
        throw new IllegalArgumentException(name + ": no command");
      }
      return new Variant(
          name,
          kind,
          java,
          List.copyOf(command),
          Map.copyOf(env),
          clearEnv,
          event,
          path,
          Map.copyOf(headers),
          expect);
    }
  }
}
