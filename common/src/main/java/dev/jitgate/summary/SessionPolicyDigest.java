package dev.jitgate.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An AWS session policy in a few readable lines, one per group of statements: statements with the
 * same effect, resources and conditions are one line listing all their actions, such as "Allow
 * s3:GetObject, s3:ListBucket on arn:aws:s3:::logs, arn:aws:s3:::logs/*". At most {@link
 * #MAX_LINES} lines, {@link #MAX_ACTIONS} actions and {@link #MAX_RESOURCES} resources are named;
 * the rest are counted ("and 3 more actions").
 */
final class SessionPolicyDigest {
  static final int MAX_LINES = 6;
  static final int MAX_ACTIONS = 8;
  static final int MAX_RESOURCES = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionPolicyDigest() {}

  /** The lines for {@code policyJson}; one line saying it could not be read if it is not JSON. */
  static List<String> lines(String policyJson) {
    JsonNode policy;
    try {
      policy = JSON.readTree(policyJson);
    } catch (JsonProcessingException e) {
      return List.of("a session policy that is not valid JSON (" + policyJson.length() + " chars)");
    }
    JsonNode statements = policy == null ? null : policy.get("Statement");
    List<JsonNode> all = new ArrayList<>();
    if (statements != null && statements.isArray()) {
      statements.forEach(all::add);
    } else if (statements != null && statements.isObject()) {
      all.add(statements);
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (JsonNode statement : all) {
      Group g = Group.of(statement);
      groups.merge(g.key(), g, Group::plus);
    }
    if (groups.isEmpty()) {
      return List.of("a session policy without statements: nothing is allowed");
    }
    List<String> lines = new ArrayList<>();
    List<Group> ordered = new ArrayList<>(groups.values());
    int shown = ordered.size() <= MAX_LINES ? ordered.size() : MAX_LINES - 1;
    for (int i = 0; i < shown; i++) {
      lines.add(ordered.get(i).line());
    }
    int rest = 0;
    for (int i = shown; i < ordered.size(); i++) {
      rest += ordered.get(i).statements;
    }
    if (rest > 0) {
      lines.add("and " + Spoken.count(rest, "more statement"));
    }
    return List.copyOf(lines);
  }

  /** Statements that differ only in their actions. */
  private record Group(
      String effect,
      boolean notAction,
      Set<String> actions,
      boolean notResource,
      List<String> resources,
      boolean conditional,
      int statements) {

    static Group of(JsonNode s) {
      String effect = text(s.get("Effect"), "Allow");
      boolean notAction = s.has("NotAction");
      boolean notResource = s.has("NotResource");
      return new Group(
          effect,
          notAction,
          new LinkedHashSet<>(values(s.get(notAction ? "NotAction" : "Action"))),
          notResource,
          values(s.get(notResource ? "NotResource" : "Resource")),
          s.has("Condition"),
          1);
    }

    String key() {
      return effect + "|" + notAction + "|" + notResource + "|" + resources + "|" + conditional;
    }

    Group plus(Group other) {
      Set<String> union = new LinkedHashSet<>(actions);
      union.addAll(other.actions);
      return new Group(
          effect,
          notAction,
          union,
          notResource,
          resources,
          conditional,
          statements + other.statements);
    }

    String line() {
      String what =
          (notAction ? "every action except " : "")
              + capped(new ArrayList<>(actions), MAX_ACTIONS, "action", "no action");
      String where =
          (notResource ? "every resource except " : "")
              + capped(resources, MAX_RESOURCES, "resource", "no resource");
      return effect + " " + what + " on " + where + (conditional ? ", under conditions" : "");
    }
  }

  private static String capped(List<String> items, int max, String noun, String none) {
    if (items.isEmpty()) {
      return none;
    }
    if (items.size() <= max) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, max - 1))
        + " and "
        + Spoken.count(items.size() - (max - 1), "more " + noun);
  }

  private static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(v -> out.add(v.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static String text(JsonNode node, String otherwise) {
    return node == null || !node.isValueNode() ? otherwise : node.asText();
  }
}
