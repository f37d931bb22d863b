package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.ALICE;
import static dev.jitgate.gcp.provider.GcpGrants.BACKOFF;
import static dev.jitgate.gcp.provider.GcpGrants.ORGANIZATION;
import static dev.jitgate.gcp.provider.GcpGrants.PROJECT;
import static dev.jitgate.gcp.provider.GcpGrants.ROLE;
import static dev.jitgate.gcp.provider.GcpGrants.T0;
import static dev.jitgate.gcp.provider.GcpGrants.binding;
import static dev.jitgate.gcp.provider.GcpGrants.conditional;
import static dev.jitgate.gcp.provider.GcpGrants.jitgateBinding;
import static dev.jitgate.gcp.provider.GcpGrants.plain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import dev.jitgate.port.ProviderException;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gcp.iam-binding revokes: this request's binding goes, and nothing else. */
class GcpIamBindingRevokeTest {
  private static final String OURS = "req-0001-alice";

  private final MutableClock clock = new MutableClock(T0);
  private final InProcessGoogle google = new InProcessGoogle(clock);
  private final FakeResourceManager resourceManager = google.resourceManager;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final IamBindingProvider provider =
      new IamBindingProvider(
          () -> google.projects,
          () -> google.folders,
          () -> google.organizations,
          clock,
          BACKOFF,
          sleeper);

  @AfterEach
  void close() {
    google.close();
  }

  @Test
  void revoke_removesOnlyThisRequestsBindingAndWritesTheRestAsRead() {
    // given: beside ours, another request's binding for the same role and member, and two that
    // jitgate did not write for the same role and member
    Binding anotherRequest = jitgateBinding("req-0002-later");
    Binding unconditional = plain(ROLE, "user:" + ALICE);
    Binding someoneElses =
        conditional(
            ROLE,
            "jitgate-like but not ours",
            "request.time < timestamp(\"2026-11-21T11:00:00Z\")",
            "user:" + ALICE);
    resourceManager.create(
        PROJECT, jitgateBinding(OURS), anotherRequest, unconditional, someoneElses);
    ByteString etag = resourceManager.etag(PROJECT);

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.sets())
        .extracting(FakeResourceManager.Received::request)
        .containsExactly(
            SetIamPolicyRequest.newBuilder()
                .setResource(PROJECT)
                .setPolicy(
                    Policy.newBuilder()
                        .setVersion(3)
                        .setEtag(etag)
                        .addBindings(anotherRequest)
                        .addBindings(unconditional)
                        .addBindings(someoneElses))
                .build());
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(anotherRequest, unconditional, someoneElses);
  }

  @Test
  void revoke_whenTheBindingHasAnotherMember_removesOnlyTheRequester() {
    // given: someone added bob to jitgate's binding
    Binding shared = jitgateBinding(OURS).toBuilder().addMembers("user:bob@example.com").build();
    resourceManager.create(PROJECT, shared);

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(
            shared.toBuilder().clearMembers().addMembers("user:bob@example.com").build());
  }

  @Test
  void revoke_whenTheBindingIsAlreadyGone_succeedsWithoutWriting() {
    // given
    Binding unconditional = plain(ROLE, "user:" + ALICE);
    resourceManager.create(PROJECT, unconditional);

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.gets()).hasSize(1);
    assertThat(resourceManager.sets()).isEmpty();
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).containsExactly(unconditional);
  }

  @Test
  void revoke_atExpiry_removesTheBindingGoogleAlreadyEnded() {
    // given: the sweep revokes after the window, when the condition no longer holds
    resourceManager.create(PROJECT);
    provider.grant(binding(OURS));
    clock.advance(Duration.ofHours(1).plusMinutes(1));

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).isEmpty();
  }

  @Test
  void revoke_early_removesTheBindingAtOnceAndAgainIsANoOp() {
    // given
    resourceManager.create(PROJECT);
    provider.grant(binding(OURS));
    clock.advance(Duration.ofMinutes(10));

    // when
    provider.revoke(binding(OURS));
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).isEmpty();
    assertThat(resourceManager.sets()).hasSize(2); // the grant and the first revoke
  }

  @Test
  void revoke_whenAnotherWriterChangesThePolicyFirst_readsAgainAndRemovesOnlyOurs() {
    // given
    resourceManager.create(PROJECT, jitgateBinding(OURS));
    Binding later = jitgateBinding("req-0003-racing");
    resourceManager.concurrentWriterBeforeNextSets(
        1,
        bindings -> {
          bindings.add(later);
          return bindings;
        });

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.conflicts()).isEqualTo(1);
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).containsExactly(later);
    assertThat(sleeper.delays()).hasSize(1);
  }

  @Test
  void revoke_whenConflictsOutlastTheBudget_failsNamingTheConflictAndKeepsTheBinding() {
    // given
    resourceManager.create(PROJECT, jitgateBinding(OURS));
    resourceManager.concurrentWriterBeforeNextSets(100, bindings -> bindings);

    // then
    assertThatThrownBy(() -> provider.revoke(binding(OURS)))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "gave up revoking roles/storage.admin on projects/acme-prod from alice@example.com"
                + " for request req-0001-alice after 4 retries")
        .hasMessageContaining("ABORTED (HTTP 409)");
    assertThat(sleeper.delays()).hasSize(4);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(jitgateBinding(OURS));
  }

  @Test
  void revoke_whenTheTitleMatchesButTheExpressionDoesNot_leavesTheBinding() {
    // given: a binding with our title that someone edited to end later
    Binding edited =
        conditional(
            ROLE,
            "jitgate " + OURS,
            "request.time < timestamp(\"2027-01-01T00:00:00Z\")",
            "user:" + ALICE);
    resourceManager.create(PROJECT, edited);

    // when
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.sets()).isEmpty();
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).containsExactly(edited);
  }

  @Test
  void revoke_whenTheWriteIsDenied_namesTheOrganizationPermission() {
    // given
    resourceManager.create(
        ORGANIZATION, jitgateBinding(OURS).toBuilder().setRole("roles/viewer").build());
    resourceManager.deny(ORGANIZATION, "setIamPolicy");

    // then
    assertThatThrownBy(
            () -> provider.revoke(binding(OURS, ORGANIZATION, "roles/viewer", Duration.ofHours(1))))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Google Cloud denied jitgate resourcemanager.organizations.setIamPolicy on"
                + " organizations/987654321098;")
        .hasMessageContaining("roles/resourcemanager.organizationAdmin");
  }

  @Test
  void revoke_whenTheResourceNoLongerExists_succeeds() {
    // when: the project was deleted, and its policy with it
    provider.revoke(binding(OURS));

    // then
    assertThat(resourceManager.gets()).hasSize(1);
    assertThat(resourceManager.sets()).isEmpty();
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void revoke_ofOneOfTwentyBindingsForTheSameRoleAndMember_leavesTheOther19() {
    // given: IAM allows at most 20 conditional bindings per role and member
    Binding[] bindings = new Binding[20];
    for (int i = 0; i < bindings.length; i++) {
      bindings[i] = jitgateBinding("req-%04d-many".formatted(i));
    }
    resourceManager.create(PROJECT, bindings);

    // when
    provider.revoke(binding("req-0007-many"));

    // then
    List<Binding> left = resourceManager.policy(PROJECT).getBindingsList();
    assertThat(left).hasSize(19).doesNotContain(bindings[7]);
  }
}
