package dev.jitgate.policy;

import dev.jitgate.policy.PolicyProblem.Severity;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Shared helpers for the policy tests: parse and collect problems, and build expected ones. */
final class PolicyFixtures {
  static final String SOURCE = "policy.yaml";

  private PolicyFixtures() {}

  /** The errors {@link Policy#parse} reports; fails the test when the policy loads. */
  static List<PolicyProblem> errorsOf(String yaml) {
    try {
      Policy.parse(yaml, SOURCE);
    } catch (PolicyException e) {
      return e.problems();
    }
    throw new AssertionError("expected the policy to be rejected, but it loaded:\n" + yaml);
  }

  static PolicyProblem error(String entitlement, String field, int line, String message) {
    return new PolicyProblem(
        Severity.ERROR, Optional.of(entitlement), field, OptionalInt.of(line), message);
  }

  /** An error outside any entitlement, or in one without a usable id. */
  static PolicyProblem fileError(String field, int line, String message) {
    return new PolicyProblem(
        Severity.ERROR, Optional.empty(), field, OptionalInt.of(line), message);
  }

  static PolicyProblem warning(String entitlement, String field, int line, String message) {
    return new PolicyProblem(
        Severity.WARNING, Optional.of(entitlement), field, OptionalInt.of(line), message);
  }
}
