package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.JustificationRule;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads an entitlement's {@code justification:}: whether one is required, its pattern and hint. */
final class JustificationReader {
  private static final List<String> FIELDS = List.of("required", "pattern", "hint");

  private final Values values;

  JustificationReader(Values values) {
    this.values = values;
  }

  /** The rule at {@code at}; none required when the entitlement does not say. */
  Optional<JustificationRule> read(JsonNode node, FieldPath at) {
    if (node == null) {
      return Optional.of(JustificationRule.NONE);
    }
    if (!values.map(node, at, "a justification", FIELDS)) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    boolean required = values.bool(node.get("required"), at.child("required")).orElse(false);
    Optional<Pattern> pattern = pattern(node.get("pattern"), at.child("pattern"));
    Optional<String> hint = values.text(node.get("hint"), at.child("hint"));
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    return Optional.of(new JustificationRule(required, pattern, hint));
  }

  private Optional<Pattern> pattern(JsonNode node, FieldPath at) {
    Optional<String> text = values.text(node, at);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> risky = RegexRisk.problem(text.get());
    if (risky.isPresent()) {
      values
          .problems()
          .error(
              at,
              "'" + text.get() + "' " + risky.get() + "; it could run for minutes on a long text");
      return Optional.empty();
    }
    try {
      return Optional.of(Pattern.compile(text.get()));
    } catch (PatternSyntaxException e) {
      String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
      values
          .problems()
          .error(
              at,
              "'"
                  + text.get()
                  + "' is not a valid regular expression: "
                  + e.getDescription()
                  + where);
      return Optional.empty();
    }
  }
}
