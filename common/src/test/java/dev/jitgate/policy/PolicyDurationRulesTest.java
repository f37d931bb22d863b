package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.EntitlementId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duration rules: ISO-8601, min <= default <= max, positive, 7 days, and the STS 12 hours. */
class PolicyDurationRulesTest {

  /** A valid entitlement whose fourth line is {@code duration}, given as {@code line4}. */
  private static String gcpWith(String line4) {
    return """
    entitlements:
      - id: gcp-prod-storage-admin
        grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
    %s
        requesters: [user:alice@example.com]
        approvals: 0
    """
        .formatted(line4);
  }

  @Test
  void parse_whenMaxLongerThanSevenDays_reportsDurationMax() {
    // when
    var errors = errorsOf(gcpWith("    duration: {max: PT200H}"));

    // then
    assertThat(errors)
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "duration.max",
                4,
                "PT200H is longer than the 7 days allowed"));
    assertThat(errors.get(0).describe("policy.yaml"))
        .isEqualTo(
            "policy.yaml:4: entitlement 'gcp-prod-storage-admin', field 'duration.max': PT200H is"
                + " longer than the 7 days allowed");
  }

  @Test
  void parse_whenRoleCredentialsMaxBeyondTwelveHours_reportsTheStsLimit() {
    // given
    String yaml =
        """
        entitlements:
          - id: aws-logs-reader
            grant: {kind: aws.role-credentials, roleArn: "arn:aws:iam::111122223333:role/logs"}
            duration: {max: PT13H}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "aws-logs-reader",
                "duration.max",
                4,
                "PT13H is longer than the 12 hours allowed for aws.role-credentials (the STS"
                    + " limit on a role session)"));
  }

  @Test
  void parse_whenMinLongerThanDefault_reportsMin() {
    assertThat(errorsOf(gcpWith("    duration: {default: PT10M, min: PT30M}")))
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "duration.min",
                4,
                "min PT30M is longer than default PT10M; durations must keep min <= default <="
                    + " max"));
  }

  @Test
  void parse_whenDefaultLongerThanDefaultMax_reportsDefaultAndSaysMaxWasDefaulted() {
    assertThat(errorsOf(gcpWith("    duration: {default: PT10H}")))
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "duration.default",
                4,
                "default PT10H is longer than max PT8H (the default); durations must keep min <="
                    + " default <= max"));
  }

  @Test
  void parse_whenDurationNotIsoOrNotPositive_reportsEachPart() {
    // given
    String duration =
        """
            duration:
              default: 1h
              min: PT0S
              max: -PT1H\
        """;

    // then
    assertThat(errorsOf(gcpWith(duration)))
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "duration.default",
                5,
                "'1h' is not an ISO-8601 duration; write it like PT30M, PT8H or P1D"),
            error("gcp-prod-storage-admin", "duration.min", 6, "PT0S is not longer than zero"),
            error("gcp-prod-storage-admin", "duration.max", 7, "-PT1H is not longer than zero"));
  }

  @Test
  void parse_whenDurationIsNotAMap_reportsItsType() {
    assertThat(errorsOf(gcpWith("    duration: PT1H")))
        .containsExactly(
            error(
                "gcp-prod-storage-admin",
                "duration",
                4,
                "must be a map of default, min, max, not 'PT1H'"));
  }

  @Test
  void parse_whenLimitsAtTheirBounds_acceptsThem() {
    // when
    Policy policy =
        Policy.parse(gcpWith("    duration: {default: PT5M, min: PT5M, max: P7D}"), SOURCE);

    // then
    assertThat(
            policy
                .entitlement(new EntitlementId("gcp-prod-storage-admin"))
                .orElseThrow()
                .duration()
                .max())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void parse_whenRoleCredentialsMinUnderFifteenMinutes_reportsTheStsMinimum() {
    // given
    String yaml =
        """
        entitlements:
          - id: aws-logs-reader
            grant: {kind: aws.role-credentials, roleArn: "arn:aws:iam::111122223333:role/logs"}
            duration: {min: PT5M}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "aws-logs-reader",
                "duration.min",
                4,
                "min PT5M is shorter than the 15 minutes STS requires for a role session, so such"
                    + " a request could never get credentials"));
  }
}
