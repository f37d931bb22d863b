package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.ALICE;
import static dev.jitgate.gcp.provider.GcpGrants.BACKOFF;
import static dev.jitgate.gcp.provider.GcpGrants.PROJECT;
import static dev.jitgate.gcp.provider.GcpGrants.ROLE;
import static dev.jitgate.gcp.provider.GcpGrants.T0;
import static dev.jitgate.gcp.provider.GcpGrants.binding;
import static dev.jitgate.gcp.provider.GcpGrants.jitgateBinding;
import static dev.jitgate.gcp.provider.GcpGrants.plain;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import dev.jitgate.domain.Grant;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gcp.iam-binding extensions: the condition's end moves in one etag-checked write. */
class GcpIamBindingExtendTest {
  private static final String OURS = "req-0001-alice";
  private static final Instant NEW_END = Instant.parse("2026-11-21T11:30:00Z");

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

  private static Grant extended() {
    return binding(OURS).endingAt(NEW_END);
  }

  private static Binding withNewEnd() {
    return Binding.newBuilder()
        .setRole(ROLE)
        .addMembers("user:" + ALICE)
        .setCondition(
            Expr.newBuilder()
                .setTitle("jitgate " + OURS)
                .setExpression("request.time < timestamp(\"2026-11-21T11:30:00Z\")")
                .setDescription("INC-42: restore the billing bucket"))
        .build();
  }

  @Test
  void extend_rewritesOnlyThisRequestsConditionWithTheEtagRead() {
    // given: another request's binding for the same role and member, and one jitgate did not write
    Binding anotherRequest = jitgateBinding("req-0002-later");
    Binding unconditional = plain(ROLE, "user:" + ALICE);
    resourceManager.create(PROJECT, jitgateBinding(OURS), anotherRequest, unconditional);
    ByteString etag = resourceManager.etag(PROJECT);

    // when
    Map<String, String> details = provider.extend(extended());

    // then: exactly one setIamPolicy, version 3, the etag read, the new end in place of the old
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
                        .addBindings(withNewEnd()))
                .build());
    assertThat(details)
        .containsEntry("binding", "rewritten")
        .containsEntry("condition", "request.time < timestamp(\"2026-11-21T11:30:00Z\")");
  }

  @Test
  void extend_whenAlreadyAtTheNewEnd_writesNothing() {
    resourceManager.create(PROJECT, withNewEnd());

    Map<String, String> details = provider.extend(extended());

    assertThat(resourceManager.sets()).isEmpty();
    assertThat(details).containsEntry("binding", "already there");
  }

  @Test
  void extend_whenTheBindingIsGone_neverAddsItBack() {
    // given: the binding was revoked before the extension reached the cloud
    Binding unconditional = plain(ROLE, "user:bob@example.com");
    resourceManager.create(PROJECT, unconditional);

    Map<String, String> details = provider.extend(extended());

    assertThat(resourceManager.sets()).isEmpty();
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).containsExactly(unconditional);
    assertThat(details).containsEntry("artifact", "missing");
  }

  @Test
  void extend_whenAnotherWriterChangesThePolicyFirst_readsAgainAndRewrites() {
    resourceManager.create(PROJECT, jitgateBinding(OURS));
    resourceManager.concurrentWriterBeforeNextSets(1, bindings -> bindings);

    provider.extend(extended());

    assertThat(resourceManager.conflicts()).isEqualTo(1);
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).containsExactly(withNewEnd());
  }

  @Test
  void extend_whenARevokeLandsBetweenReadAndWrite_isRefusedByTheEtagAndNeverResurrects() {
    // given: the revoke removes our binding after the extend read the policy
    resourceManager.create(PROJECT, jitgateBinding(OURS));
    resourceManager.concurrentWriterBeforeNextSets(
        1, bindings -> bindings.stream().filter(b -> !b.equals(jitgateBinding(OURS))).toList());

    Map<String, String> details = provider.extend(extended());

    assertThat(resourceManager.conflicts()).isEqualTo(1);
    assertThat(resourceManager.policy(PROJECT).getBindingsList()).isEmpty();
    assertThat(details).containsEntry("artifact", "missing");
  }

  @Test
  void extendThenRevoke_removesTheExtendedBinding() {
    resourceManager.create(PROJECT, jitgateBinding(OURS));
    provider.extend(extended());

    provider.revoke(extended());

    assertThat(resourceManager.policy(PROJECT).getBindingsList()).isEmpty();
    assertThat(Duration.between(T0, NEW_END)).isEqualTo(Duration.ofMinutes(90));
  }
}
