package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8, item 13: justification patterns come from the policy, so a pattern that could backtrack
 * for minutes is refused when the policy is loaded.
 */
class PolicyPatternRiskTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "^(a+)+$",
        "(\\\\w*)*x",
        "^(INC-[0-9]+)+$",
        "(a|b+){2,}",
        "((ab)*c)+",
        "^(.*a){12}$"
      })
  void nestedQuantifier_isRefusedWithTheEntitlementFieldAndLine(String pattern) {
    assertThat(errorsOf(policy(pattern)))
        .containsExactly(
            error(
                "prod-viewer",
                "justification.pattern",
                7,
                "'"
                    + pattern.replace("\\\\", "\\")
                    + "' repeats a group that repeats itself (a nested quantifier); it could run"
                    + " for minutes on a long text"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\\\1", "(?<t>a)\\\\k<t>"})
  void backReference_isRefused(String pattern) {
    List<PolicyProblem> errors = errorsOf(policy(pattern));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).message()).contains("uses a back-reference");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "^(INC|CHG)-[0-9]+",
        "^(INC|CHG)-[0-9]+(: .+)?$",
        "[(+*]+x",
        "^(ab){3}$",
        "(a)?b+",
        "\\\\(x+\\\\)+"
      })
  void ordinaryPatterns_load(String pattern) {
    assertThat(Policy.parse(policy(pattern), PolicyFixtures.SOURCE).entitlements()).hasSize(1);
  }

  private static String policy(String pattern) {
    return """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            justification:
              pattern: "%s"
        """
        .formatted(pattern);
  }
}
