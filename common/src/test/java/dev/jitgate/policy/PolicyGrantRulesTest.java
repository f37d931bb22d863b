package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each grant has exactly the fields of its kind, in the form its GrantSpec record checks. */
class PolicyGrantRulesTest {

  /** One entitlement {@code grant-test} whose grant starts on line 3. */
  private static String withGrant(String grant) {
    return """
    entitlements:
      - id: grant-test
    %s
        requesters: [user:alice@example.com]
        approvals: 0
    """
        .formatted(grant.stripTrailing());
  }

  @Test
  void parse_whenKindUnknown_reportsKindWithTheValidOnes() {
    // given
    String grant =
        """
            grant:
              kind: gcp.iam
              resource: projects/acme-prod
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.kind",
                4,
                "'gcp.iam' is not a grant kind; use gcp.iam-binding, gcp.service-account-token,"
                    + " aws.identity-center, aws.role-credentials, azure.pim or"
                    + " azure.role-assignment"));
  }

  @Test
  void parse_whenFieldMissing_reportsFieldOnGrantLine() {
    // given
    String grant =
        """
            grant:
              kind: gcp.iam-binding
              resource: projects/acme-prod
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.role",
                3,
                "a gcp.iam-binding grant needs role: roles/<name>, or a custom role such as"
                    + " projects/<project-id>/roles/<name>"));
  }

  @Test
  void parse_whenFieldOfAnotherKind_reportsTheExtraField() {
    // given
    String grant =
        """
            grant:
              kind: aws.role-credentials
              roleArn: arn:aws:iam::111122223333:role/logs
              accountId: "111122223333"
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.accountId",
                6,
                "'accountId' is not a field of an aws.role-credentials grant; use kind, roleArn"
                    + " or sessionPolicy"));
  }

  @Test
  void parse_whenIdentityCenterFieldsMalformed_reportsEveryField() {
    // given
    String grant =
        """
            grant:
              kind: aws.identity-center
              instanceArn: arn:aws:sso:::instance/ssoins-short
              identityStoreId: store-1
              permissionSetArn: arn:aws:sso:::permissionSet/ps-0a1b2c3d4e5f6a7b
              accountId: 1234
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.instanceArn",
                5,
                "'arn:aws:sso:::instance/ssoins-short' is not a valid instanceArn; expected"
                    + " arn:aws:sso:::instance/ssoins-<16 characters>"),
            error(
                "grant-test",
                "grant.identityStoreId",
                6,
                "'store-1' is not a valid identityStoreId; expected d-<10 hex digits>, or a GUID"),
            error(
                "grant-test",
                "grant.permissionSetArn",
                7,
                "'arn:aws:sso:::permissionSet/ps-0a1b2c3d4e5f6a7b' is not a valid"
                    + " permissionSetArn; expected"
                    + " arn:aws:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>"),
            error(
                "grant-test",
                "grant.accountId",
                8,
                "'1234' is not a valid accountId; expected 12 digits"));
  }

  @Test
  void parse_whenRoleArnMalformed_reportsRoleArn() {
    // given
    String grant =
        """
            grant: {kind: aws.role-credentials, roleArn: "arn:aws:iam::1111:role/logs"}
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.roleArn",
                3,
                "'arn:aws:iam::1111:role/logs' is not a valid roleArn; expected"
                    + " arn:aws:iam::<12-digit account>:role/<name>"));
  }

  @Test
  void parse_whenAzureScopeAndRoleMalformed_reportsBoth() {
    // given
    String grant =
        """
            grant:
              kind: azure.role-assignment
              scope: /subscriptions/prod
              roleDefinitionId: Contributor
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "grant-test",
                "grant.scope",
                5,
                "'/subscriptions/prod' is not a valid scope; expected /subscriptions/<guid>,"
                    + " optionally with /resourceGroups/<name>, or"
                    + " /providers/Microsoft.Management/managementGroups/<name>"),
            error(
                "grant-test",
                "grant.roleDefinitionId",
                6,
                "'Contributor' is not a valid roleDefinitionId; expected a role definition GUID,"
                    + " or .../providers/Microsoft.Authorization/roleDefinitions/<guid>"));
  }

  @Test
  void parse_whenSessionPolicyHasNoStatementOrIsText_reportsSessionPolicy() {
    // given
    String yaml =
        """
        entitlements:
          - id: logs-reader
            grant:
              kind: aws.role-credentials
              roleArn: arn:aws:iam::111122223333:role/logs
              sessionPolicy:
                Version: "2012-10-17"
            requesters: [user:alice@example.com]
            approvals: 0
          - id: logs-writer
            grant:
              kind: aws.role-credentials
              roleArn: arn:aws:iam::111122223333:role/logs
              sessionPolicy: '{"Version": "2012-10-17", "Statement": []}'
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "logs-reader",
                "grant.sessionPolicy",
                6,
                "has no Statement; an IAM policy document needs one"),
            error(
                "logs-writer",
                "grant.sessionPolicy",
                14,
                "must be an IAM policy document written as a YAML map with a Statement entry,"
                    + " not '{\"Version\": \"2012-10-17\", \"Statement\": []}'"));
  }

  @Test
  void parse_whenSessionPolicyTooLongForSts_reportsItsLength() {
    // given: 150 resources of 40 characters make well over 2048 characters of JSON
    StringBuilder resources = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      resources.append("              - arn:aws:s3:::acme-logs-%05d/*\n".formatted(i));
    }
    String grant =
        """
            grant:
              kind: aws.role-credentials
              roleArn: arn:aws:iam::111122223333:role/logs
              sessionPolicy:
                Statement:
                  - Effect: Allow
                    Action: s3:GetObject
                    Resource:
        """
            + resources;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.field()).isEqualTo("grant.sessionPolicy");
              assertThat(problem.line()).hasValue(6);
              assertThat(problem.message())
                  .matches("is \\d+ characters as JSON, more than the 2048 that STS accepts.*");
            });
  }

  @Test
  void parse_whenGrantMissing_reportsGrantOnEntitlementLine() {
    assertThat(errorsOf(withGrant("    description: no grant")))
        .containsExactly(
            error(
                "grant-test",
                "grant",
                2,
                "an entitlement needs a grant, with a kind and its fields"));
  }
}
