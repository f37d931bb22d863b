package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.ALICE;
import static dev.jitgate.gcp.provider.GcpGrants.BACKOFF;
import static dev.jitgate.gcp.provider.GcpGrants.FOLDER;
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
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import dev.jitgate.domain.Grant;
import dev.jitgate.gcp.provider.FakeResourceManager.Received;
import dev.jitgate.gcp.provider.FakeResourceManager.Service;
import dev.jitgate.port.ProviderException;
import dev.jitgate.testing.MutableClock;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gcp.iam-binding grants: one conditional binding per request, written with the etag read. */
class GcpIamBindingGrantTest {
  private static final Binding OWNER = plain("roles/owner", "user:root@example.com");

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
  void grant_onAProject_writesTheConditionalBindingAtVersion3WithTheEtagRead() {
    // given
    resourceManager.create(PROJECT, OWNER);
    ByteString etag = resourceManager.etag(PROJECT);

    // when
    Map<String, String> details = provider.grant(binding("req-0001-alice"));

    // then
    assertThat(resourceManager.gets())
        .containsExactly(
            new Received<>(
                Service.PROJECTS,
                GetIamPolicyRequest.newBuilder()
                    .setResource(PROJECT)
                    .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                    .build()));
    assertThat(resourceManager.sets())
        .containsExactly(
            new Received<>(
                Service.PROJECTS,
                SetIamPolicyRequest.newBuilder()
                    .setResource(PROJECT)
                    .setPolicy(
                        Policy.newBuilder()
                            .setVersion(3)
                            .setEtag(etag)
                            .addBindings(OWNER)
                            .addBindings(jitgateBinding("req-0001-alice")))
                    .build()));
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, jitgateBinding("req-0001-alice"));
    assertThat(details)
        .containsExactly(
            Map.entry("resource", PROJECT),
            Map.entry("role", ROLE),
            Map.entry("member", "user:" + ALICE),
            Map.entry("conditionTitle", "jitgate req-0001-alice"),
            Map.entry("condition", "request.time < timestamp(\"2026-11-21T11:00:00Z\")"),
            Map.entry("binding", "added"));
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void grant_whenThisRequestsBindingIsAlreadyThere_succeedsWithoutWriting() {
    // given: the first grant landed, and its answer was lost
    resourceManager.create(PROJECT, OWNER);
    provider.grant(binding("req-0001-alice"));

    // when
    Map<String, String> again = provider.grant(binding("req-0001-alice"));

    // then
    assertThat(again).containsEntry("binding", "already there");
    assertThat(resourceManager.sets()).hasSize(1);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, jitgateBinding("req-0001-alice"));
  }

  @Test
  void grant_keepsTheConditionsOfEveryOtherBinding() {
    // given: another request's binding and someone's own conditional binding
    Binding otherRequest = jitgateBinding("req-0002-older");
    Binding someoneElses =
        conditional(
            "roles/viewer",
            "office hours",
            "request.time.getHours(\"Europe/Berlin\") < 18",
            "group:auditors@example.com");
    resourceManager.create(PROJECT, OWNER, otherRequest, someoneElses);

    // when
    provider.grant(binding("req-0001-alice"));

    // then: a read or a write below version 3 would have made them unconditional
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, otherRequest, someoneElses, jitgateBinding("req-0001-alice"));
  }

  @Test
  void grant_whenAnotherWriterChangesThePolicyFirst_readsAgainAndKeepsBothChanges() {
    // given
    resourceManager.create(PROJECT, OWNER);
    Binding bobs = plain("roles/viewer", "user:bob@example.com");
    resourceManager.concurrentWriterBeforeNextSets(1, bindings -> add(bindings, bobs));

    // when
    provider.grant(binding("req-0001-alice"));

    // then
    assertThat(resourceManager.conflicts()).isEqualTo(1);
    assertThat(resourceManager.gets()).hasSize(2);
    List<Received<SetIamPolicyRequest>> sets = resourceManager.sets();
    assertThat(sets).hasSize(2);
    assertThat(sets.get(1).request().getPolicy().getEtag())
        .isNotEqualTo(sets.get(0).request().getPolicy().getEtag());
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, bobs, jitgateBinding("req-0001-alice"));
    assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void grant_whenTheEtagIsRefusedWithFailedPrecondition_readsAgainLikeAnAbort() {
    // given: the 412 some other IAM services answer for a stale etag
    resourceManager.create(PROJECT, OWNER);
    resourceManager.failNextSets(Status.FAILED_PRECONDITION.withDescription("etag mismatch"));

    // when
    provider.grant(binding("req-0001-alice"));

    // then
    assertThat(resourceManager.gets()).hasSize(2);
    assertThat(resourceManager.sets()).hasSize(2);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, jitgateBinding("req-0001-alice"));
  }

  @Test
  void grant_whenConflictsOutlastTheBudget_failsNamingTheConflict() {
    // given: a writer that always gets there first
    resourceManager.create(PROJECT, OWNER);
    resourceManager.concurrentWriterBeforeNextSets(
        100, bindings -> add(bindings, plain("roles/viewer", "user:bob@example.com")));

    // then
    assertThatThrownBy(() -> provider.grant(binding("req-0001-alice")))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "gave up granting roles/storage.admin on projects/acme-prod to alice@example.com for"
                + " request req-0001-alice after 4 retries")
        .hasMessageContaining(
            "last: the policy of projects/acme-prod changed while being edited: ABORTED (HTTP"
                + " 409): There were concurrent policy changes.");
    assertThat(sleeper.delays())
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800));
    assertThat(resourceManager.sets()).hasSize(5);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .doesNotContain(jitgateBinding("req-0001-alice"));
  }

  @Test
  void grant_whenTheWriteIsBrieflyUnavailable_retriesItWithinTheBudget() {
    // given
    resourceManager.create(PROJECT, OWNER);
    resourceManager.failNextSets(Status.UNAVAILABLE.withDescription("try again"));

    // when
    provider.grant(binding("req-0001-alice"));

    // then
    assertThat(resourceManager.sets()).hasSize(2);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(OWNER, jitgateBinding("req-0001-alice"));
    assertThat(sleeper.delays()).hasSize(1);
  }

  @Test
  void grant_whenTheWriteIsDenied_namesTheMissingPermission() {
    // given
    resourceManager.create(PROJECT, OWNER);
    resourceManager.deny(PROJECT, "setIamPolicy");

    // then
    assertThatThrownBy(() -> provider.grant(binding("req-0001-alice")))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "Google Cloud denied jitgate resourcemanager.projects.setIamPolicy on"
                + " projects/acme-prod; give jitgate's service account a role with it there, such"
                + " as roles/resourcemanager.projectIamAdmin (Google answers the same way when the"
                + " resource does not exist): PERMISSION_DENIED (HTTP 403): The caller does not"
                + " have permission");
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void grant_onAFolderWhoseReadIsDenied_namesTheFolderPermission() {
    // given
    resourceManager.create(FOLDER);
    resourceManager.deny(FOLDER, "getIamPolicy");

    // then
    assertThatThrownBy(
            () -> provider.grant(binding("req-0001-alice", FOLDER, ROLE, Duration.ofHours(1))))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Google Cloud denied jitgate resourcemanager.folders.getIamPolicy on"
                + " folders/123456789012;")
        .hasMessageContaining("roles/resourcemanager.folderIamAdmin");
    assertThat(resourceManager.sets()).isEmpty();
  }

  @Test
  void grant_whenTheResourceDoesNotExist_failsClearly() {
    assertThatThrownBy(() -> provider.grant(binding("req-0001-alice")))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "projects/acme-prod was not found: check the entitlement's resource, and that it was"
                + " not deleted: NOT_FOUND (HTTP 404): Requested entity was not found.");
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void grant_onAFolderAndAnOrganization_goesToTheirOwnServices() {
    // given
    resourceManager.create(FOLDER);
    resourceManager.create(ORGANIZATION);

    // when
    provider.grant(binding("req-0001-folder", FOLDER, "roles/browser", Duration.ofHours(1)));
    provider.grant(
        binding("req-0002-organization", ORGANIZATION, "roles/viewer", Duration.ofHours(1)));

    // then
    assertThat(resourceManager.sets())
        .extracting(Received::service)
        .containsExactly(Service.FOLDERS, Service.ORGANIZATIONS);
    assertThat(resourceManager.policy(FOLDER).getBindings(0).getCondition().getTitle())
        .isEqualTo("jitgate req-0001-folder");
    assertThat(resourceManager.policy(ORGANIZATION).getBindings(0).getRole())
        .isEqualTo("roles/viewer");
  }

  @Test
  void grant_twoRequestsAtOnceForTheSameRoleAndMember_keepsBothBindings() throws Exception {
    // given: both read the same etag before either writes
    resourceManager.create(PROJECT, OWNER);
    resourceManager.holdReadsUntil(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);

    // when
    try {
      List<Future<Map<String, String>>> results = new ArrayList<>();
      for (String id : List.of("req-0001-first", "req-0002-second")) {
        results.add(threads.submit(() -> provider.grant(binding(id))));
      }
      for (Future<Map<String, String>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).containsEntry("binding", "added");
      }
    } finally {
      threads.shutdownNow();
    }

    // then
    assertThat(resourceManager.conflicts()).isEqualTo(1);
    assertThat(resourceManager.policy(PROJECT).getBindingsList())
        .containsExactlyInAnyOrder(
            OWNER, jitgateBinding("req-0001-first"), jitgateBinding("req-0002-second"));
  }

  @Test
  void grant_withALongJustification_cutsTheDescriptionToTheLimitOnOneLine() {
    // given: 300 characters with a newline, and a character outside the BMP at the cut
    resourceManager.create(PROJECT);
    String justification = "INC-42:\n" + "x".repeat(246) + "\uD83D\uDE00" + "y".repeat(50);
    Grant grant =
        new Grant(
            binding("req-0001-alice").requestId(),
            binding("req-0001-alice").entitlement(),
            binding("req-0001-alice").spec(),
            binding("req-0001-alice").principal(),
            binding("req-0001-alice").window(),
            justification);

    // when
    provider.grant(grant);

    // then
    String description =
        resourceManager.policy(PROJECT).getBindings(0).getCondition().getDescription();
    assertThat(description).hasSize(255).startsWith("INC-42: xxx").endsWith("x\u2026");
  }

  private static List<Binding> add(List<Binding> bindings, Binding binding) {
    bindings.add(binding);
    return bindings;
  }
}
