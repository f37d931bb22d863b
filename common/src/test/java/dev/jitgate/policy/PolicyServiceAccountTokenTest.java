package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A gcp.service-account-token grant: one service account and a short list of OAuth scopes. */
class PolicyServiceAccountTokenTest {

  /** One entitlement {@code token-test} whose grant starts on line 3. */
  private static String withGrant(String grant) {
    return """
    entitlements:
      - id: token-test
    %s
        requesters: [user:alice@example.com]
        approvals: 0
    """
        .formatted(grant.stripTrailing());
  }

  @Test
  void parse_whenWellFormed_buildsTheSpecWithTheScopesInOrder() {
    // given
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes:
                - https://www.googleapis.com/auth/devstorage.read_write
                - https://www.googleapis.com/auth/cloud-platform.read-only
        """;

    // when
    Policy policy = Policy.parse(withGrant(grant), PolicyFixtures.SOURCE);

    // then
    assertThat(policy.entitlement(new EntitlementId("token-test")).orElseThrow().grant())
        .isEqualTo(
            new GrantSpec.GcpServiceAccountToken(
                "deployer@acme-prod.iam.gserviceaccount.com",
                List.of(
                    "https://www.googleapis.com/auth/devstorage.read_write",
                    "https://www.googleapis.com/auth/cloud-platform.read-only")));
  }

  @Test
  void parse_whenServiceAccountIsNotAnIamServiceAccount_reportsIt() {
    // given
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@example.com
              scopes: [https://www.googleapis.com/auth/cloud-platform]
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "token-test",
                "grant.serviceAccount",
                5,
                "'deployer@example.com' is not a valid serviceAccount; expected"
                    + " <name>@<project-id>.iam.gserviceaccount.com"));
  }

  @Test
  void parse_whenScopesMissing_reportsThemOnTheGrantLine() {
    // given
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "token-test",
                "grant.scopes",
                3,
                "a gcp.service-account-token grant needs scopes: a list of OAuth scopes, such as"
                    + " [https://www.googleapis.com/auth/<scope>]"));
  }

  @Test
  void parse_whenAScopeIsNotAGoogleScopeOrListedTwice_reportsEachOnItsLine() {
    // given
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes:
                - https://www.googleapis.com/auth/cloud-platform
                - cloud-platform
                - https://evil.example.com/auth/cloud-platform
                - https://www.googleapis.com/auth/cloud-platform
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "token-test",
                "grant.scopes[1]",
                8,
                "'cloud-platform' is not an OAuth scope; expected"
                    + " https://www.googleapis.com/auth/<scope>"),
            error(
                "token-test",
                "grant.scopes[2]",
                9,
                "'https://evil.example.com/auth/cloud-platform' is not an OAuth scope; expected"
                    + " https://www.googleapis.com/auth/<scope>"),
            error(
                "token-test",
                "grant.scopes[3]",
                10,
                "'https://www.googleapis.com/auth/cloud-platform' is listed twice"));
  }

  @Test
  void parse_whenScopesEmptyOrText_reportsScopes() {
    // given
    String yaml =
        """
        entitlements:
          - id: token-none
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes: []
            requesters: [user:alice@example.com]
            approvals: 0
          - id: token-text
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes: https://www.googleapis.com/auth/cloud-platform
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "token-none",
                "grant.scopes",
                6,
                "lists 0 scopes; a token is for one narrow job, so list 1 to 10"),
            error(
                "token-text",
                "grant.scopes",
                13,
                "must be a list, like [https://www.googleapis.com/auth/<scope>], not"
                    + " 'https://www.googleapis.com/auth/cloud-platform'"));
  }

  @Test
  void parse_whenMoreScopesThanTheBound_reportsScopes() {
    // given
    StringBuilder scopes = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      scopes.append("            - https://www.googleapis.com/auth/scope").append(i).append('\n');
    }
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes:
        """
            + scopes;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "token-test",
                "grant.scopes",
                6,
                "lists 11 scopes; a token is for one narrow job, so list 1 to 10"));
  }

  @Test
  void parse_whenFieldOfAnotherKind_reportsTheExtraField() {
    // given
    String grant =
        """
            grant:
              kind: gcp.service-account-token
              serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
              scopes: [https://www.googleapis.com/auth/cloud-platform]
              role: roles/storage.admin
        """;

    // then
    assertThat(errorsOf(withGrant(grant)))
        .containsExactly(
            error(
                "token-test",
                "grant.role",
                7,
                "'role' is not a field of a gcp.service-account-token grant; use kind,"
                    + " serviceAccount or scopes"));
  }
}
