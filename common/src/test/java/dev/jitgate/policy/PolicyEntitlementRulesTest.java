package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static dev.jitgate.policy.PolicyFixtures.fileError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.policy.PolicyProblem.Severity;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The entitlement rules of POLICY.md: ids, principals, approvals, keys and the simple fields. */
class PolicyEntitlementRulesTest {

  @Test
  void parse_whenIdHasWrongForm_reportsIdField() {
    // given
    String yaml =
        """
        entitlements:
          - id: Prod_Admin
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "Prod_Admin",
                "id",
                2,
                "'Prod_Admin' is not a valid id: use 2 to 63 characters of a-z, 0-9 and '-',"
                    + " starting with a letter or digit"));
  }

  @Test
  void parse_whenIdUsedTwice_reportsSecondWithLineOfFirst() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-dev, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "id",
                6,
                "'prod-viewer' is already the id of the entitlement on line 2; ids must be"
                    + " unique"));
  }

  @Test
  void parse_whenIdMissing_namesEntitlementByPosition() {
    // given
    String yaml =
        """
        entitlements:
          - grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "entitlements[0].id",
                2,
                "an entitlement needs an id, like gcp-prod-storage-admin"));
  }

  @Test
  void parse_whenEntitlementsMissing_reportsSectionWithoutLine() {
    // given
    String yaml =
        """
        groups:
          sre: [alice@example.com]
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            new PolicyProblem(
                Severity.ERROR,
                Optional.empty(),
                "entitlements",
                OptionalInt.empty(),
                "the policy needs an entitlements: list; none is given"));
  }

  @Test
  void parse_whenEntitlementsEmpty_reportsSection() {
    assertThat(errorsOf("entitlements: []\n"))
        .containsExactly(
            fileError("entitlements", 1, "is empty; a policy needs at least one entitlement"));
  }

  @Test
  void parse_whenPrincipalsMalformed_reportsEachWithItsIndex() {
    // given
    String yaml =
        """
        groups:
          sre: [alice@example.com]
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:bob@example.com, sre]
            approvers:
              - user:carol
              - group:on call
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "requesters[1]",
                6,
                "'sre' is not a principal; write user:<e-mail address>, group:<name> or"
                    + " idp-group:<name>; did you mean group:sre?"),
            error(
                "prod-viewer",
                "approvers[0]",
                8,
                "'user:carol' does not name an e-mail address; write user:<e-mail address>"),
            error(
                "prod-viewer",
                "approvers[1]",
                9,
                "'group:on call' does not name a valid group: a group name is 1 to 128 characters"
                    + " of letters, digits, '.', '_', '@' and '-'"));
  }

  @Test
  void parse_whenRequestersMissing_reportsField() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "requesters",
                2,
                "an entitlement needs requesters, like [group:sre, user:alice@example.com]"));
  }

  @Test
  void parse_whenApprovalsExceedApprovers_reportsEntitlementAndField() {
    // given: carol is named twice but counts once
    String yaml =
        """
        groups:
          sre-leads: [carol@example.com, dave@example.com]
        entitlements:
          - id: prod-admin
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
            requesters: [user:alice@example.com]
            approvers: [group:sre-leads, user:Carol@example.com]
            approvals: 3
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-admin",
                "approvals",
                8,
                "3 approvals are needed, but only 2 people can ever approve (carol@example.com,"
                    + " dave@example.com); add approvers or lower approvals"));
  }

  @Test
  void parse_whenApproverGroupLeftToClaims_acceptsAnyNumberOfApprovals() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-admin
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
            requesters: [user:alice@example.com]
            approvers: [group:security, user:carol@example.com]
            approvals: 5
        """;

    // when
    Policy policy = Policy.parse(yaml, SOURCE);

    // then
    assertThat(
            policy.entitlement(new EntitlementId("prod-admin")).orElseThrow().approvalsRequired())
        .isEqualTo(5);
    assertThat(policy.warnings())
        .extracting(PolicyProblem::field, PolicyProblem::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("approvers[0]", OptionalInt.of(5)));
  }

  @Test
  void parse_whenApprovalsDefaultAndNoApprovers_reportsApprovalsOnEntitlementLine() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "approvals",
                2,
                "approvals is 1 (the default), but approvers is empty; name approvers, or set"
                    + " approvals: 0 to approve on request"));
  }

  @Test
  void parse_whenApprovalsNegativeOrNotANumber_reportsEach() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: -1
          - id: prod-editor
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/editor}
            requesters: [user:alice@example.com]
            approvers: [user:carol@example.com]
            approvals: many
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "approvals",
                5,
                "-1 is less than 0; approvals counts the approvers needed, and 0 approves on"
                    + " request"),
            error("prod-editor", "approvals", 10, "must be a whole number, not 'many'"));
  }

  @Test
  void parse_whenEntitlementKeyMisspelt_reportsItWithSuggestion() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            aprovers: [user:carol@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "aprovers",
                5,
                "'aprovers' is not a field of an entitlement; did you mean 'approvers'?"));
  }

  @Test
  void parse_whenTopLevelKeyUnknown_reportsItWithTheValidKeys() {
    // given
    String yaml =
        """
        version: 2
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "version",
                1,
                "'version' is not a field of a policy; use groups, webhooks, slack or entitlements"));
  }

  @Test
  void parse_whenJustificationPatternDoesNotCompile_reportsDescriptionNotStack() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            justification:
              required: maybe
              pattern: "^(INC|CHG-[0-9]+"
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error("prod-viewer", "justification.required", 7, "must be true or false, not 'maybe'"),
            error(
                "prod-viewer",
                "justification.pattern",
                8,
                "'^(INC|CHG-[0-9]+' is not a valid regular expression: Unclosed group near"
                    + " index 16"));
  }

  @Test
  void parse_whenApprovalTimeoutAndSignInMalformed_reportsEach() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            description: [not, text]
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            approvalTimeout: PT0S
            signInRequired: sometimes
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error("prod-viewer", "description", 3, "must be text, not a list"),
            error("prod-viewer", "approvalTimeout", 7, "PT0S is not longer than zero"),
            error("prod-viewer", "signInRequired", 8, "must be true or false, not 'sometimes'"));
  }
}
