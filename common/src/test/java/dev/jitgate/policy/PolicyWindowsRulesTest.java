package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ExtensionRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The issue 14 fields: {@code extensions: {max, approvalRequired}} and {@code scheduleAhead}. */
class PolicyWindowsRulesTest {

  /** A valid entitlement whose fourth line is given as {@code line4}, with {@code approvals}. */
  private static String gcpWith(String line4, int approvals) {
    return """
    entitlements:
      - id: gcp-prod-storage-admin
        grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
    %s
        requesters: [user:alice@example.com]
        approvers: [user:carol@example.com]
        approvals: %d
    """
        .formatted(line4, approvals);
  }

  @Test
  void parse_whenExtensionsAndScheduleAheadGiven_readsThem() {
    Policy policy =
        Policy.parse(
            gcpWith("    extensions: {max: 2, approvalRequired: false}\n    scheduleAhead: P7D", 1),
            "policy.yaml");
    var e = policy.entitlement(new EntitlementId("gcp-prod-storage-admin")).orElseThrow();
    assertThat(e.extensions()).isEqualTo(new ExtensionRule(2, false));
    assertThat(e.extensionApprovals()).isZero();
    assertThat(e.scheduleAhead()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void parse_whenExtensionsOmitted_allowsNoneAndNoScheduling() {
    Policy policy = Policy.parse(gcpWith("    description: x", 1), "policy.yaml");
    var e = policy.entitlement(new EntitlementId("gcp-prod-storage-admin")).orElseThrow();
    assertThat(e.extensions().allowed()).isFalse();
    assertThat(e.scheduleAhead()).isZero();
  }

  @Test
  void parse_whenExtensionsHaveNoMax_reportsExtensionsMax() {
    assertThat(errorsOf(gcpWith("    extensions: {approvalRequired: true}", 1)))
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "extensions.max",
                4,
                "extensions needs max, how many, like max: 2"));
  }

  @Test
  void parse_whenExtensionsMaxTooLarge_reportsIt() {
    assertThat(errorsOf(gcpWith("    extensions: {max: 11}", 1)))
        .extracting(PolicyProblem::message)
        .containsExactly("11 is not between 0 and 10");
  }

  @Test
  void parse_whenExtensionsNeedApprovalButApprovalsIsZero_reportsApprovalRequired() {
    assertThat(errorsOf(gcpWith("    extensions: {max: 1}", 0)))
        .extracting(PolicyProblem::field)
        .containsExactly("extensions.approvalRequired");
  }

  @Test
  void parse_whenExtensionsHaveAnUnknownField_reportsIt() {
    assertThat(errorsOf(gcpWith("    extensions: {max: 1, count: 2}", 1)))
        .extracting(PolicyProblem::field)
        .containsExactly("extensions.count");
  }

  @Test
  void parse_whenScheduleAheadBeyondThirtyDays_reportsIt() {
    assertThat(errorsOf(gcpWith("    scheduleAhead: P31D", 1)))
        .extracting(PolicyProblem::message)
        .containsExactly("PT744H is more than the PT720H allowed");
  }
}
