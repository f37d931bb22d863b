package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.DELETE;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzureStub.assignment;
import static dev.jitgate.azure.provider.AzureStub.assignmentRequested;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
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
 * The real service, on the JDBC store on H2, with the real RBAC provider against the stub: two
 * ACTIVE requests for the same role, scope and principal share one assignment (one name), and only
 * the last one to end deletes it.
 */
class AzureRoleAssignmentProviderOverlapTest {
  static final String SCOPE = AzureRoleAssignmentProviderTest.SCOPE;
  static final String ROLE = AzureRoleAssignmentProviderTest.ROLE;
  static final String POLICY =
      """
      groups:
        sre: [alice@example.com]
        sre-leads: [carol@example.com]
      entitlements:
        - id: azure-prod-contributor
          description: Contributor on the production resource group
          grant: {kind: azure.role-assignment, scope: %s, roleDefinitionId: %s}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
      """
          .formatted(SCOPE, ROLE);
  static final Caller ALICE = Caller.of("alice@example.com");
  static final Caller CAROL = Caller.of("carol@example.com");
  static final String ALICE_OBJECT_ID = ALICE.entraObjectId().orElseThrow().value();
  static final String PUT_BODY =
      """
      {"properties":{
        "roleDefinitionId":"%s","principalId":"%s","principalType":"User",
        "description":"jitgate just-in-time access: deleted by jitgate when the last request holding it ends"}}
      """
          .formatted(AzureRoleAssignmentProviderTest.ROLE_ID, ALICE_OBJECT_ID);

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  AzureStub azure;
  JdbcRequestStore store;
  AccessService service;
  String name;

  @BeforeEach
  void start() {
    azure = new AzureStub();
    // ARM as it behaves: the first PUT creates the assignment, every later one finds it there.
    name =
        new AzureTarget(SCOPE, AzureRoleAssignmentProviderTest.ROLE_ID, ROLE, ALICE_OBJECT_ID)
            .assignmentName();
    azure.inTurn(
        "put",
        () -> assignment(PUT, SCOPE, name),
        json(201, "{\"name\":\"" + name + "\"}"),
        error(409, "RoleAssignmentExists", "The role assignment already exists."));
    azure.inTurn(
        "delete",
        () -> assignment(DELETE, SCOPE, name),
        json(200, "{\"name\":\"" + name + "\"}"),
        aResponse().withStatus(204));
    store = JdbcStores.h2Memory("azure-providers-" + UUID.randomUUID());
    AzureRoleAssignmentProvider provider =
        azure
            .providers(
                clock,
                Backoff.exact(Duration.ofMillis(1), Duration.ofMillis(4), 5),
                new RecordingSleeper(clock))
            .roleAssignments();
    Policy policy = Policy.parse(POLICY, "test.yaml");
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
    azure.close();
  }

  AccessRequest activeFor(Duration duration) {
    AccessRequest requested =
        service.request(
            ALICE,
            new RequestAccess(
                new EntitlementId("azure-prod-contributor"),
                Optional.of(duration),
                "INC-9: outage"));
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
  void expiringOneOfTwoHolders_keepsTheAssignment_andExpiringBothDeletesItOnce() {
    AccessRequest shortOne = activeFor(Duration.ofHours(1));
    AccessRequest longOne = activeFor(Duration.ofHours(2));
    assertThat(shortOne.grantKey()).isEqualTo(longOne.grantKey());
    // Each activation of a shared kind grants, and grants again once stored as ACTIVE: every PUT
    // is the same assignment.
    azure.server.verify(
        exactly(4), assignmentRequested(PUT, SCOPE, name).withRequestBody(equalToJson(PUT_BODY)));
    assertThat(azure.all()).hasSize(4);

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    service.sweep(clock.instant());

    AccessRequest first = store.get(shortOne.id()).orElseThrow();
    assertThat(first.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(last(first, AuditType.EXPIRED).details())
        .containsEntry("artifact", "kept")
        .containsEntry("heldBy", longOne.id().value());
    azure.server.verify(exactly(0), assignmentRequested(DELETE, SCOPE, name));

    clock.advance(Duration.ofHours(1));
    service.sweep(clock.instant());

    AccessRequest second = store.get(longOne.id()).orElseThrow();
    assertThat(second.state()).isEqualTo(RequestState.EXPIRED);
    assertThat(last(second, AuditType.EXPIRED).details()).containsEntry("artifact", "removed");
    azure.server.verify(exactly(1), assignmentRequested(DELETE, SCOPE, name));

    clock.advance(Duration.ofHours(1));
    service.sweep(clock.instant());
    azure.server.verify(exactly(1), assignmentRequested(DELETE, SCOPE, name));
  }

  @Test
  void earlyRevokeOfOneHolder_keepsTheAssignmentForTheOther() {
    AccessRequest first = activeFor(Duration.ofHours(1));
    AccessRequest second = activeFor(Duration.ofHours(1));

    AccessRequest revoked = service.revoke(ALICE, new Revoke(first.id(), "done early"));

    assertThat(revoked.state()).isEqualTo(RequestState.REVOKED);
    assertThat(last(revoked, AuditType.REVOKED).details())
        .containsEntry("heldBy", second.id().value());
    azure.server.verify(exactly(0), assignmentRequested(DELETE, SCOPE, name));

    service.revoke(ALICE, new Revoke(second.id(), "done"));

    azure.server.verify(exactly(1), assignmentRequested(DELETE, SCOPE, name));
    assertThat(last(store.get(second.id()).orElseThrow(), AuditType.REVOKED).details())
        .containsEntry("artifact", "removed");
  }
}
