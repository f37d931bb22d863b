package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.ExtensionRule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads an entitlement's {@code extensions: {max, approvalRequired}} and {@code scheduleAhead}
 * (issue 14), reporting every problem with its field.
 */
final class WindowsReader {
  /** How far ahead a window may be asked for at most, whatever the policy says. */
  static final Duration SCHEDULE_AHEAD_LIMIT = Duration.ofDays(30);

  private static final int MAX_EXTENSIONS = 10;

  private final Values values;

  WindowsReader(Values values) {
    this.values = values;
  }

  /** {@code approvals} is the entitlement's own, which an extension that needs approval uses. */
  Optional<ExtensionRule> extensions(JsonNode node, FieldPath at, Optional<Integer> approvals) {
    if (node == null) {
      return Optional.of(ExtensionRule.NONE);
    }
    if (!values.map(node, at, "extensions", List.of("max", "approvalRequired"))) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    Optional<Integer> max = values.wholeNumber(node.get("max"), at.child("max"));
    if (node.get("max") == null) {
      values.problems().error(at.child("max"), "extensions needs max, how many, like max: 2");
    } else if (max.isPresent() && (max.get() < 0 || max.get() > MAX_EXTENSIONS)) {
      values
          .problems()
          .error(at.child("max"), max.get() + " is not between 0 and " + MAX_EXTENSIONS);
    }
    boolean approvalRequired =
        values.bool(node.get("approvalRequired"), at.child("approvalRequired")).orElse(true);
    if (approvalRequired && approvals.isPresent() && approvals.get() == 0) {
      values
          .problems()
          .error(
              at.child("approvalRequired"),
              "is true, but approvals is 0, so no one would approve an extension; set"
                  + " approvalRequired: false or approvals of 1 or more");
    }
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    return Optional.of(new ExtensionRule(max.get(), approvalRequired));
  }

  Optional<Duration> scheduleAhead(JsonNode node, FieldPath at) {
    if (node == null) {
      return Optional.of(Duration.ZERO);
    }
    Optional<Duration> ahead = values.duration(node, at);
    if (ahead.isPresent() && ahead.get().compareTo(SCHEDULE_AHEAD_LIMIT) > 0) {
      values
          .problems()
          .error(at, ahead.get() + " is more than the " + SCHEDULE_AHEAD_LIMIT + " allowed");
      return Optional.empty();
    }
    return ahead;
  }
}
