package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.UserId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may request and approve what, through users, policy groups and claimed groups. */
class PolicyEvaluationTest {
  private static final String YAML =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com]
      entitlements:
        - id: storage-admin
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
          requesters: [group:sre, user:Frank@Example.com]
          approvers: [group:sre-leads, user:dave@example.com, group:security]
        - id: billing-viewer
          grant: {kind: gcp.iam-binding, resource: organizations/123456789012, role: roles/viewer}
          requesters: [group:finance]
          approvers: [user:carol@example.com]
      """;

  private final Policy policy = Policy.parse(YAML, SOURCE);
  private final Entitlement storageAdmin = entitlement("storage-admin");
  private final Entitlement billingViewer = entitlement("billing-viewer");

  private Entitlement entitlement(String id) {
    return policy.entitlement(new EntitlementId(id)).orElseThrow();
  }

  @Test
  void canRequest_whenUserNamedDirectly_matchesWhateverTheCase() {
    assertThat(policy.canRequest(new UserId("FRANK@example.COM"), Set.of(), storageAdmin)).isTrue();
    assertThat(policy.canRequest(Caller.of("frank@example.com"), billingViewer)).isFalse();
  }

  @Test
  void canRequest_whenPolicyGroupListsUser_matchesWithoutAnyClaim() {
    assertThat(policy.canRequest(Caller.of("bob@example.com"), storageAdmin)).isTrue();
  }

  @Test
  void canRequest_whenCallerClaimsGroupLeftToClaims_matchesOnlyWithTheClaim() {
    assertThat(policy.canRequest(Caller.of("gina@example.com", "finance"), billingViewer)).isTrue();
    assertThat(policy.canRequest(Caller.of("gina@example.com"), billingViewer)).isFalse();
    assertThat(policy.canRequest(Caller.of("gina@example.com", "Finance"), billingViewer))
        .isFalse();
  }

  @Test
  void canApprove_usesApproversNotRequesters() {
    // given
    UserId alice = new UserId("alice@example.com");

    // then
    assertThat(policy.canRequest(alice, Set.of(), storageAdmin)).isTrue();
    assertThat(policy.canApprove(alice, Set.of(), storageAdmin)).isFalse();
    assertThat(policy.canApprove(new UserId("carol@example.com"), Set.of(), storageAdmin)).isTrue();
    assertThat(policy.canApprove(Caller.of("hank@example.com", "security"), storageAdmin)).isTrue();
  }

  @Test
  void knownApprovers_listsNamedUsersAndPolicyGroupMembersButNotClaimsGroups() {
    assertThat(policy.knownApprovers(storageAdmin))
        .containsExactly(new UserId("carol@example.com"), new UserId("dave@example.com"));
  }

  @Test
  void requestableBy_andApprovableBy_keepFileOrder() {
    // given
    Caller carol = Caller.of("carol@example.com", "finance");

    // then
    assertThat(policy.requestableBy(carol)).containsExactly(billingViewer);
    assertThat(policy.approvableBy(carol)).containsExactly(storageAdmin, billingViewer);
    assertThat(policy.requestableBy(Caller.of("zed@example.com"))).isEmpty();
  }

  @Test
  void entitlement_whenIdUnknown_isEmpty() {
    assertThat(policy.entitlement(new EntitlementId("no-such-thing"))).isEmpty();
  }

  @Test
  void groupThePolicyDefines_isClosed_claimingItsNameIsNotMembership() {
    // Issue 8, item 5(b): mallory claims sre-leads, which the policy lists as carol alone.
    assertThat(policy.canApprove(Caller.of("mallory@example.com", "sre-leads"), storageAdmin))
        .isFalse();
    assertThat(policy.canApprove(Caller.of("carol@example.com"), storageAdmin)).isTrue();
  }

  @Test
  void idpGroup_matchesTheClaimedGroupOnly_andNeedsNoDefinition() {
    Policy withIdp =
        Policy.parse(
            """
            entitlements:
              - id: billing-viewer
                grant: {kind: gcp.iam-binding, resource: organizations/123456789012, role: roles/viewer}
                requesters: [idp-group:finance]
                approvers: [user:carol@example.com]
            """,
            SOURCE);
    Entitlement viewer = withIdp.entitlement(new EntitlementId("billing-viewer")).orElseThrow();

    assertThat(withIdp.warnings()).isEmpty();
    assertThat(withIdp.canRequest(Caller.of("gina@example.com", "finance"), viewer)).isTrue();
    assertThat(withIdp.canRequest(Caller.of("gina@example.com"), viewer)).isFalse();
  }
}
