package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static dev.jitgate.aws.provider.AwsStub.IDENTITY_STORE;
import static dev.jitgate.aws.provider.AwsStub.SSO;
import static dev.jitgate.aws.provider.AwsStub.json;
import static dev.jitgate.aws.provider.AwsStub.target;
import static dev.jitgate.aws.provider.AwsStub.targetRequested;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.ASSIGNMENT;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.USER_ID;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.creation;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.deletion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.policy.Policy;
import dev.jitgate.retry.Backoff;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.Revoke;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.service.ServiceSettings;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.token.ApprovalTokens;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real service, on the JDBC store on H2, with the real Identity Center provider against the
 * stub: two ACTIVE requests share one assignment, and only the last one to end deletes it.
 */
class OverlappingAssignmentsTest {
  static final Caller ALICE = Caller.of("alice@example.com");
  static final Caller CAROL = Caller.of("carol@example.com");

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  AwsStub aws;
  JdbcRequestStore store;
  AccessService service;

  @BeforeEach
  void start() {
    aws = new AwsStub();
    aws.server.stubFor(
        target(IDENTITY_STORE + "GetUserId")
            .willReturn(
                json("{\"IdentityStoreId\":\"d-1234567890\",\"UserId\":\"" + USER_ID + "\"}")));
    aws.server.stubFor(
        target(SSO + "CreateAccountAssignment")
            .willReturn(json(creation("IN_PROGRESS", "create-1", null))));
    aws.server.stubFor(
        target(SSO + "DescribeAccountAssignmentCreationStatus")
            .willReturn(json(creation("SUCCEEDED", "create-1", null))));
    aws.server.stubFor(
        target(SSO + "DeleteAccountAssignment")
            .willReturn(json(deletion("IN_PROGRESS", "delete-1", null))));
    aws.server.stubFor(
        target(SSO + "DescribeAccountAssignmentDeletionStatus")
            .willReturn(json(deletion("SUCCEEDED", "delete-1", null))));
    store = JdbcStores.h2Memory("providers-" + UUID.randomUUID());
    IdentityCenterProvider provider =
        new IdentityCenterProvider(
            aws.clients.ssoAdmin(),
            aws.clients.identityStore(),
            clock,
            Backoff.exact(Duration.ofMillis(1), Duration.ofMillis(4), 5),
            new RecordingSleeper());
    Policy policy = Policy.parse(ServiceHarness.POLICY, "test.yaml");
    service =
        new AccessService(
            store,
            () -> policy,
            List.of(provider),
            List.of(),
            (requestId, events) -> {},
            ServiceHarness.AUDIT_KEY,
            new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock),
            clock,
            ServiceSettings.DEFAULTS);
  }

  @AfterEach
  void stop() {
    store.close();
    aws.close();
  }

  AccessRequest activeFor(Duration duration) {
    AccessRequest requested =
        service.request(
            ALICE,
            new RequestAccess(
                new EntitlementId("aws-prod-admin"), Optional.of(duration), "INC-9: outage"));
    AccessRequest approved = service.decide(CAROL, Decide.approve(requested.id(), "ok"));
    assertThat(approved.state()).isEqualTo(RequestState.ACTIVE);
    return approved;
  }

  static AuditEvent last(AccessRequest request, AuditType type) {
    return request.events().stream()
        .filter(e -> e.type() == type)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void expiringOneOfTwoHoldersKeepsTheAssignment_expiringBothDeletesItOnce() {
    AccessRequest shortOne = activeFor(Duration.ofHours(1));
    AccessRequest longOne = activeFor(Duration.ofHours(2));
    assertThat(shortOne.grantKey()).isEqualTo(longOne.grantKey());
    // Each activation of a shared kind grants, and grants once more after it is stored as ACTIVE
    // (so a concurrent holder's revoke cannot leave it without access): two per request.
    aws.server.verify(
        exactly(4),
        targetRequested(SSO + "CreateAccountAssignment").withRequestBody(equalToJson(ASSIGNMENT)));

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    service.sweep(clock.instant());

    AccessRequest first = store.get(shortOne.id()).orElseThrow();
    assertThat(first.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(last(first, AuditType.EXPIRED).details())
        .containsEntry("artifact", "kept")
        .containsEntry("heldBy", longOne.id().value());
    aws.server.verify(exactly(0), targetRequested(SSO + "DeleteAccountAssignment"));

    clock.advance(Duration.ofHours(1));
    service.sweep(clock.instant());

    AccessRequest second = store.get(longOne.id()).orElseThrow();
    assertThat(second.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(last(second, AuditType.EXPIRED).details()).containsEntry("artifact", "removed");
    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "DeleteAccountAssignment").withRequestBody(equalToJson(ASSIGNMENT)));

    clock.advance(Duration.ofHours(1));
    service.sweep(clock.instant());
    aws.server.verify(exactly(1), targetRequested(SSO + "DeleteAccountAssignment"));
  }

  @Test
  void earlyRevokeOfOneHolderKeepsTheAssignmentForTheOther() {
    AccessRequest first = activeFor(Duration.ofHours(1));
    AccessRequest second = activeFor(Duration.ofHours(1));

    AccessRequest revoked = service.revoke(ALICE, new Revoke(first.id(), "done early"));

    assertThat(revoked.state()).isEqualTo(RequestState.REVOKED);
    assertThat(last(revoked, AuditType.REVOKED).details())
        .containsEntry("heldBy", second.id().value());
    aws.server.verify(exactly(0), targetRequested(SSO + "DeleteAccountAssignment"));

    service.revoke(ALICE, new Revoke(second.id(), "done"));

    aws.server.verify(exactly(1), targetRequested(SSO + "DeleteAccountAssignment"));
  }
}
