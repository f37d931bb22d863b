package dev.jitgate.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.PolicyProblem.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns policy YAML into a {@link Policy}, or into a {@link PolicyException} with every problem.
 */
final class PolicyParser {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final List<String> SECTIONS =
      List.of("groups", "webhooks", "slack", "entitlements");

  private PolicyParser() {}

  static Policy parse(String yaml, String sourceName) {
    SourceMap source;
    JsonNode root;
    try {
      SourceMap.Read read = SourceMap.read(YAML, yaml);
      source = read.source();
      root = read.root();
    } catch (IOException | YAMLException e) {
      // SnakeYAML's own exceptions may surface unwrapped; neither kind may leave this class.
      throw new PolicyException(sourceName, List.of(malformed(e)));
    }
    Problems problems = new Problems(source);
    Values values = new Values(source, problems);
    FieldPath top = FieldPath.root();

    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.error(top, "the policy is empty; it needs at least an entitlements: list");
      throw new PolicyException(sourceName, problems.errors());
    }
    if (!root.isObject()) {
      problems.error(
          top,
          "the policy must be a map of groups, webhooks and entitlements, not "
              + values.describe(root, top));
      throw new PolicyException(sourceName, problems.errors());
    }
    values.map(root, top, "a policy", SECTIONS);

    Map<String, Set<UserId>> groups = new GroupsReader(values).read(root.get("groups"));
    Membership membership = new Membership(groups);
    WebhooksReader webhooksReader = new WebhooksReader(values);
    Map<String, Webhook> webhooks = webhooksReader.read(root.get("webhooks"));
    List<Entitlement> entitlements =
        entitlements(root.get("entitlements"), values, membership, webhooksReader.declared());
    warnUnused(webhooks, entitlements, values);
    Optional<SlackIntegration> slack = new SlackReader(values).read(root.get("slack"));

    if (problems.errorCount() > 0) {
      throw new PolicyException(sourceName, problems.errors());
    }
    return new Policy(entitlements, membership, webhooks, slack, problems.warnings());
  }

  private static List<Entitlement> entitlements(
      JsonNode node, Values values, Membership membership, Set<String> webhooks) {
    FieldPath at = FieldPath.root().child("entitlements");
    if (node == null) {
      values.problems().error(at, "the policy needs an entitlements: list; none is given");
      return List.of();
    }
    Optional<List<JsonNode>> elements = values.list(node, at, "[{id: ..., grant: ...}]");
    if (elements.isEmpty()) {
      return List.of();
    }
    if (elements.get().isEmpty()) {
      values.problems().error(at, "is empty; a policy needs at least one entitlement");
      return List.of();
    }
    EntitlementReader reader = new EntitlementReader(values, membership, webhooks);
    List<Entitlement> read = new ArrayList<>();
    for (int i = 0; i < elements.get().size(); i++) {
      reader.read(elements.get().get(i), i).ifPresent(read::add);
    }
    return read;
  }

  private static void warnUnused(
      Map<String, Webhook> webhooks, List<Entitlement> entitlements, Values values) {
    Set<String> used = new LinkedHashSet<>();
    for (Entitlement entitlement : entitlements) {
      for (NotifyTarget target : entitlement.alsoNotify()) {
        if (target instanceof NotifyTarget.Webhook webhook) {
          used.add(webhook.name());
        }
      }
    }
    Map<String, Webhook> unused = new LinkedHashMap<>(webhooks);
    unused.keySet().removeAll(used);
    for (String name : unused.keySet()) {
      values
          .problems()
          .warning(
              FieldPath.root().child("webhooks").child(name),
              "no entitlement notifies webhook:" + name + ", so it is never called");
    }
  }

  /** The parser's complaint about malformed YAML, on the line where it found the fault. */
  private static PolicyProblem malformed(Exception e) {
    Throwable cause = e instanceof MarkedYAMLException ? e : e.getCause();
    OptionalInt line = OptionalInt.empty();
    String message;
    if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      line = OptionalInt.of(yaml.getProblemMark().getLine() + 1);
      message = yaml.getProblem();
      Mark context = yaml.getContextMark();
      if (yaml.getContext() != null && context != null) {
        message +=
            " (" + yaml.getContext() + " that starts on line " + (context.getLine() + 1) + ")";
      }
    } else if (e instanceof JsonProcessingException json) {
      JsonLocation location = json.getLocation();
      line = location == null ? line : OptionalInt.of(location.getLineNr());
      message = firstLine(json.getOriginalMessage());
    } else {
      message = firstLine(e.getMessage());
    }
    return new PolicyProblem(
        Severity.ERROR, Optional.empty(), "", line, "the file is not valid YAML: " + message);
  }

  private static String firstLine(String text) {
    return text == null ? "the parser gave no reason" : text.lines().findFirst().orElse("");
  }
}
