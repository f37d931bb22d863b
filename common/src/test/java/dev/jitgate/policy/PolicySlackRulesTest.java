package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static dev.jitgate.policy.PolicyFixtures.fileError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The slack: section names its secrets by environment variable and its channel by id. */
class PolicySlackRulesTest {
  private static final String ENTITLEMENTS =
      """
      entitlements:
        - id: prod-viewer
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
          requesters: [user:alice@example.com]
          approvers: [user:carol@example.com]
      """;

  @Test
  void parse_whenSlackIsWellFormed_loadsIt() {
    // given
    String yaml =
        """
        slack:
          botTokenEnv: SLACK_BOT_TOKEN
          signingSecretEnv: SLACK_SIGNING_SECRET
          channel: C0123456789
        """
            + ENTITLEMENTS;

    // when
    Policy policy = Policy.parse(yaml, "policy.yaml");

    // then
    assertThat(policy.slack())
        .contains(new SlackIntegration("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "C0123456789"));
  }

  @Test
  void parse_whenSlackIsAbsent_hasNone() {
    assertThat(Policy.parse(ENTITLEMENTS, "policy.yaml").slack()).isEmpty();
  }

  @Test
  void parse_whenSlackIsMalformed_reportsEachFieldWithItsPath() {
    // given
    String yaml =
        """
        slack:
          botTokenEnv: xoxb-1234-5678-abcdefghijkl
          signingSecretEnv: signing secret
          channel: "#access-requests"
          team: T0123
        """
            + ENTITLEMENTS;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "slack.botTokenEnv",
                2,
                "holds what looks like a Slack secret itself; put the secret in an environment"
                    + " variable and write that variable's name here"),
            fileError(
                "slack.signingSecretEnv",
                3,
                "'signing secret' is not an environment variable name: use letters, digits and"
                    + " '_'"),
            fileError(
                "slack.channel",
                4,
                "'#access-requests' is not a channel id; use the id Slack shows under the"
                    + " channel's details, such as C0123456789 (a #name can be renamed, an id"
                    + " cannot)"),
            fileError(
                "slack.team",
                5,
                "'team' is not a field of the slack section; use botTokenEnv,"
                    + " signingSecretEnv or channel"));
  }

  @Test
  void parse_whenSlackLacksFields_namesEachMissingOne() {
    // given
    String yaml =
        """
        slack:
          channel: C0123456789
        """
            + ENTITLEMENTS;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "slack.botTokenEnv",
                1,
                "is required: the environment variable that holds the bot token (xoxb-...)"),
            fileError(
                "slack.signingSecretEnv",
                1,
                "is required: the environment variable that holds the app's signing secret"));
  }

  @Test
  void parse_whenBothSecretsNameOneVariable_refusesIt() {
    // given
    String yaml =
        """
        slack:
          botTokenEnv: SLACK
          signingSecretEnv: SLACK
          channel: C0123456789
        """
            + ENTITLEMENTS;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "slack.signingSecretEnv",
                3,
                "names the same variable as botTokenEnv; the bot token and the signing secret are"
                    + " two different secrets"));
  }
}
