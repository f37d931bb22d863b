package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static dev.jitgate.policy.PolicyFixtures.fileError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Webhooks are well formed, and what entitlements notify exists. */
class PolicyWebhookRulesTest {

  @Test
  void parse_whenNotifyNamesUndefinedWebhook_reportsItWithSuggestion() {
    // given
    String yaml =
        """
        webhooks:
          sre-chat: {url: "https://hooks.slack.com/services/T0/B0/X", format: slack}
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            notify:
              - webhook:sre-chat
              - webhook:sre-chta
              - sre-leads
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "notify[1]",
                10,
                "no webhook named 'sre-chta' is defined under webhooks; did you mean 'sre-chat'?"),
            error(
                "prod-viewer",
                "notify[2]",
                11,
                "'sre-leads' is neither an e-mail address nor webhook:<name>"));
  }

  @Test
  void parse_whenWebhookMalformed_reportsEachFieldUnderWebhooks() {
    // given
    String yaml =
        """
        webhooks:
          sre-chat:
            url: ftp://hooks.example.com/sre
            format: discord
          audit:
            url: https://audit.example.com/jitgate
            format: json
          pager:
            url: https://pager.example.com
            format: teams
            secret: PAGER_SECRET
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            notify: [webhook:sre-chat, webhook:audit, webhook:pager]
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "webhooks.sre-chat.url",
                3,
                "'ftp://hooks.example.com/sre' is not an absolute http or https URL"),
            fileError(
                "webhooks.sre-chat.format",
                4,
                "'discord' is not a webhook format; use slack, teams or json"),
            fileError(
                "webhooks.audit.secretEnv",
                5,
                "a json webhook is signed, so it needs secretEnv: the environment variable that"
                    + " holds the signing secret"),
            fileError(
                "webhooks.pager.secret",
                11,
                "'secret' is not a field of a webhook; did you mean 'secretEnv'?"));
  }

  @Test
  void parse_whenWebhookNeverNotified_loadsWithWarning() {
    // given
    String yaml =
        """
        webhooks:
          sre-chat: {url: "https://hooks.slack.com/services/T0/B0/X", format: slack}
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // when
    Policy policy = Policy.parse(yaml, SOURCE);

    // then
    assertThat(policy.warnings())
        .singleElement()
        .satisfies(
            warning -> {
              assertThat(warning.field()).isEqualTo("webhooks.sre-chat");
              assertThat(warning.line()).hasValue(2);
              assertThat(warning.message())
                  .isEqualTo("no entitlement notifies webhook:sre-chat, so it is never called");
            });
  }

  @Test
  void parse_whenGroupMembersMalformed_reportsEachMember() {
    // given
    String yaml =
        """
        groups:
          sre: [alice@example.com, bob]
          sre-leads: carol@example.com
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [group:sre]
            approvers: [group:sre-leads]
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError("groups.sre[1]", 2, "'bob' is not an e-mail address, like alice@example.com"),
            fileError(
                "groups.sre-leads",
                3,
                "must be a list, like [alice@example.com, bob@example.com], not"
                    + " 'carol@example.com'"),
            error(
                "prod-viewer",
                "approvals",
                5,
                "approvals is 1 (the default), but no one can ever approve, as the approvers'"
                    + " groups have no members; add approvers or lower approvals"));
  }
}
