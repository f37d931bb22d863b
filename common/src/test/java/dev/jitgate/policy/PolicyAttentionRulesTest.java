package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AttentionRule;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: remindAfter, escalateAfter/escalateTo and breakGlass/breakGlassMax/breakGlassNotify.
 */
class PolicyAttentionRulesTest {

  private static String with(String extra) {
    return """
    groups:
      leads: [carol@example.com]
      directors: [frank@example.com]
    webhooks:
      security-chat: {url: "https://hooks.example.com/x", format: slack}
    entitlements:
      - id: gcp-prod-storage-admin
        grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
        requesters: [user:alice@example.com]
        approvers: [group:leads]
        duration: {default: PT1H, max: PT4H}
        approvalTimeout: PT24H
    %s
    """
        .formatted(extra.indent(4).stripTrailing());
  }

  private static List<String> messages(String yaml) {
    return errorsOf(yaml).stream().map(p -> p.field() + ": " + p.message()).toList();
  }

  @Test
  void parse_whenEveryAttentionFieldIsValid_loadsTheRule() {
    Policy policy =
        Policy.parse(
            with(
                """
                remindAfter: PT1H
                escalateAfter: PT4H
                escalateTo: [group:directors]
                breakGlass: true
                breakGlassMax: PT30M
                breakGlassNotify: [security@example.com, webhook:security-chat]
                """),
            "p.yaml");

    Entitlement e = policy.entitlement(new EntitlementId("gcp-prod-storage-admin")).orElseThrow();
    AttentionRule rule = e.attention();
    assertThat(rule.remindAfter()).contains(Duration.ofHours(1));
    assertThat(rule.escalateAfter()).contains(Duration.ofHours(4));
    assertThat(rule.breakGlassMax()).contains(Duration.ofMinutes(30));
    assertThat(rule.breakGlassNotify()).hasSize(2);
    assertThat(policy.knownEscalationApprovers(e))
        .extracting(u -> u.email())
        .containsExactly("frank@example.com");
  }

  @Test
  void parse_whenNoAttentionField_isTheOldBehaviour() {
    Entitlement e =
        Policy.parse(with(""), "p.yaml")
            .entitlement(new EntitlementId("gcp-prod-storage-admin"))
            .orElseThrow();

    assertThat(e.attention()).isEqualTo(AttentionRule.NONE);
  }

  @Test
  void parse_whenReminderNotBeforeTheTimeout_reportsRemindAfter() {
    assertThat(messages(with("remindAfter: PT24H")))
        .containsExactly(
            "remindAfter: PT24H is not before approvalTimeout (PT24H), so the request would have"
                + " timed out first");
  }

  @Test
  void parse_whenReminderNotBeforeEscalation_reportsTheOrder() {
    assertThat(
            messages(
                with(
                    """
                    remindAfter: PT4H
                    escalateAfter: PT2H
                    escalateTo: [group:directors]
                    """)))
        .singleElement()
        .asString()
        .startsWith("remindAfter: PT4H is not before escalateAfter (PT2H)");
  }

  @Test
  void parse_whenEscalateAfterWithoutEscalateTo_reportsEscalateTo() {
    assertThat(messages(with("escalateAfter: PT2H")))
        .containsExactly("escalateTo: escalateAfter needs escalateTo: [group:…]");
  }

  @Test
  void parse_whenEscalateToNamesAnUndefinedGroup_reportsIt() {
    assertThat(messages(with("escalateAfter: PT2H\nescalateTo: [group:nobody]")))
        .anyMatch(m -> m.contains("group 'nobody' is not defined under groups:"));
  }

  @Test
  void parse_whenEscalateToNamesAnIdpGroup_reportsIt() {
    assertThat(messages(with("escalateAfter: PT2H\nescalateTo: [idp-group:oncall]")))
        .anyMatch(m -> m.contains("cannot be told of an escalation"));
  }

  @Test
  void parse_whenBreakGlassWithoutMaxOrChannel_reportsBoth() {
    assertThat(messages(with("breakGlass: true")))
        .containsExactlyInAnyOrder(
            "breakGlassMax: breakGlass: true needs breakGlassMax, like PT1H",
            "breakGlassNotify: breakGlass: true needs breakGlassNotify, the channel that hears of"
                + " every activation, like [security@example.com, webhook:security-chat]");
  }

  @Test
  void parse_whenBreakGlassMaxLongerThanDurationMax_reportsIt() {
    assertThat(
            messages(
                with(
                    """
                    breakGlass: true
                    breakGlassMax: PT8H
                    breakGlassNotify: [security@example.com]
                    """)))
        .containsExactly(
            "breakGlassMax: PT8H is longer than the entitlement's duration max (PT4H)");
  }

  @Test
  void parse_whenBreakGlassFieldsWithoutBreakGlass_reportsThem() {
    assertThat(messages(with("breakGlassMax: PT1H")))
        .containsExactly("breakGlassMax: applies only with breakGlass: true");
  }

  @Test
  void parse_whenBreakGlassNotifyNamesAnUnknownWebhook_reportsIt() {
    assertThat(
            messages(
                with(
                    """
                    breakGlass: true
                    breakGlassMax: PT1H
                    breakGlassNotify: [webhook:nope]
                    """)))
        .anyMatch(m -> m.contains("no webhook named 'nope'"));
  }
}
