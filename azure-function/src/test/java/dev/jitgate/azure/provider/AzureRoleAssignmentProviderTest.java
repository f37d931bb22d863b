package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.DELETE;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzureStub.assignment;
import static dev.jitgate.azure.provider.AzureStub.assignmentRequested;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ClientAuthenticationException;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@code azure.role-assignment}: the RBAC assignment on the wire, and ARM's answers. */
class AzureRoleAssignmentProviderTest {
  static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  static final String SCOPE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/prod";
  static final String ROLE = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final String ROLE_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/providers/Microsoft.Authorization/roleDefinitions/"
          + ROLE;
  static final String OBJECT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  static final String NAME =
      AzureTarget.of(grant(new RequestId("req-0000000001"))).assignmentName();
  static final String PUT_BODY =
      """
      {"properties":{
        "roleDefinitionId":"%s",
        "principalId":"%s",
        "principalType":"User",
        "description":"jitgate just-in-time access: deleted by jitgate when the last request holding it ends"}}
      """
          .formatted(ROLE_ID, OBJECT_ID);
  static final String THROTTLED =
      "The request is being throttled as the limit has been reached for operation type -"
          + " Write_ObservationCount_1200.";

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  AzureStub azure;
  AzureRoleAssignmentProvider provider;

  @BeforeEach
  void start() {
    azure = new AzureStub();
    provider =
        azure
            .providers(
                clock,
                new Backoff(
                    Duration.ofMillis(10), Duration.ofMillis(80), 5, Duration.ofSeconds(10), 0),
                sleeper)
            .roleAssignments();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  static Grant grant(RequestId id) {
    return new Grant(
        id,
        new EntitlementId("azure-prod-contributor"),
        new GrantSpec.AzureRoleAssignment(SCOPE, ROLE),
        new UserId("alice@example.com"),
        Optional.of(new PrincipalId(OBJECT_ID)),
        Window.of(MutableClock.at("2026-11-21T10:00:00Z").instant(), Duration.ofHours(1)),
        "INC-1: outage");
  }

  static Grant grant() {
    return grant(new RequestId("req-0000000001"));
  }

  static String assignmentBody() {
    return """
        {"properties":{"roleDefinitionId":"%s","principalId":"%s","principalType":"User",
          "scope":"%s","condition":null,"conditionVersion":null,
          "createdOn":"2026-11-21T10:00:01.0000000Z","updatedOn":"2026-11-21T10:00:01.0000000Z",
          "createdBy":null,"updatedBy":"2c9d1e7a-0000-4000-8000-00000000f00d",
          "delegatedManagedIdentityResourceId":null,"description":"jitgate"},
         "id":"%s/providers/Microsoft.Authorization/roleAssignments/%s",
         "type":"Microsoft.Authorization/roleAssignments","name":"%s"}
        """
        .formatted(ROLE_ID, OBJECT_ID, SCOPE, SCOPE, NAME, NAME);
  }

  @Test
  void extend_sendsNothing_theSweepDeletesTheAssignmentAtTheNewEnd() {
    // An RBAC assignment has no expiry to move: the new end is the sweep's.
    Grant extended = grant().endingAt(grant().window().end().plus(Duration.ofHours(1)));

    assertThat(provider.extend(extended))
        .containsEntry("expiry", "enforced by the sweep at the new end");
    assertThat(azure.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void grant_putsTheAssignmentUnderItsDeterministicName_sendingExactRequest() {
    azure.server.stubFor(assignment(PUT, SCOPE, NAME).willReturn(json(201, assignmentBody())));

    var details = provider.grant(grant());

    azure.server.verify(
        exactly(1),
        assignmentRequested(PUT, SCOPE, NAME)
            .withHeader("Authorization", equalTo("Bearer " + AzureStub.TOKEN))
            .withRequestBody(equalToJson(PUT_BODY)));
    assertThat(azure.all().get(0).getUrl())
        .isEqualTo(
            "/"
                + SCOPE
                + "/providers/Microsoft.Authorization/roleAssignments/"
                + NAME
                + "?api-version=2022-04-01");
    assertThat(details)
        .containsEntry("roleAssignment", NAME)
        .containsEntry(
            "roleAssignmentId",
            SCOPE + "/providers/Microsoft.Authorization/roleAssignments/" + NAME)
        .containsEntry("roleDefinitionId", ROLE_ID)
        .containsEntry("principalId", OBJECT_ID);
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void theResourceManagerClient_isBuiltOnTheFirstGrant_notBefore_andOnce() {
    AtomicInteger built = new AtomicInteger();
    AzureProviders lazy =
        azure.providers(
            clock,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(80), 5, Duration.ofSeconds(10), 0),
            sleeper,
            built);
    assertThat(built).hasValue(0);
    azure.server.stubFor(assignment(PUT, SCOPE, NAME).willReturn(json(201, assignmentBody())));

    lazy.roleAssignments().grant(grant());
    lazy.roleAssignments().grant(grant());

    assertThat(built).hasValue(1);
    azure.server.verify(exactly(2), assignmentRequested(PUT, SCOPE, NAME));
  }

  @Test
  void grant_forAnotherRequestOfTheSameAccess_putsTheSameAssignment_andExistsIsSuccess() {
    azure.inTurn(
        "exists",
        () -> assignment(PUT, SCOPE, NAME),
        json(201, assignmentBody()),
        error(409, "RoleAssignmentExists", "The role assignment already exists."));

    provider.grant(grant(new RequestId("req-0000000001")));
    var second = provider.grant(grant(new RequestId("req-0000000002")));

    assertThat(second).containsEntry("assignment", "already present");
    azure.server.verify(
        exactly(2), assignmentRequested(PUT, SCOPE, NAME).withRequestBody(equalToJson(PUT_BODY)));
    assertThat(azure.all()).hasSize(2);
  }

  @Test
  void grant_whenThePrincipalIsNotReplicatedYet_triesAgain() {
    azure.inTurn(
        "lag",
        () -> assignment(PUT, SCOPE, NAME),
        error(
            400,
            "PrincipalNotFound",
            "Principal 6f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f does not exist in the directory"
                + " 00000000-0000-0000-0000-0000000000aa."),
        json(201, assignmentBody()));

    provider.grant(grant());

    azure.server.verify(
        exactly(2), assignmentRequested(PUT, SCOPE, NAME).withRequestBody(equalToJson(PUT_BODY)));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenThrottled_waitsAsLongAsRetryAfterSaysThenSucceeds() {
    azure.inTurn(
        "throttle",
        () -> assignment(PUT, SCOPE, NAME),
        error(429, "TooManyRequests", THROTTLED).withHeader("Retry-After", "3"),
        json(201, assignmentBody()));

    provider.grant(grant());

    azure.server.verify(exactly(2), assignmentRequested(PUT, SCOPE, NAME));
    assertThat(sleeper.millis()).containsExactly(3000L);
  }

  @Test
  void grant_whenThrottlingOutlastsTheBudget_givesUpWithAClearError() {
    azure.server.stubFor(
        assignment(PUT, SCOPE, NAME)
            .willReturn(error(429, "TooManyRequests", THROTTLED).withHeader("Retry-After", "1")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "gave up granting role "
                + ROLE_ID
                + " at "
                + SCOPE
                + " for alice@example.com (object id "
                + OBJECT_ID
                + ") after 5 retries and polls over 5000 ms; last:"
                + " Microsoft.Authorization/roleAssignments/write: TooManyRequests (HTTP 429): "
                + THROTTLED);
    // Each wait honours Retry-After; the budget's five waits are spent, and no SDK retry hides
    // behind them: one PUT per try reaches ARM.
    azure.server.verify(exactly(6), assignmentRequested(PUT, SCOPE, NAME));
    assertThat(sleeper.millis()).containsExactly(1000L, 1000L, 1000L, 1000L, 1000L);
  }

  @Test
  void grant_whenForbidden_namesTheMissingPermissionAndTheScope() {
    azure.server.stubFor(
        assignment(PUT, SCOPE, NAME)
            .willReturn(
                error(
                    403,
                    "AuthorizationFailed",
                    "The client '2c9d1e7a-0000-4000-8000-00000000f00d' with object id"
                        + " '2c9d1e7a-0000-4000-8000-00000000f00d' does not have authorization to"
                        + " perform action 'Microsoft.Authorization/roleAssignments/write' over"
                        + " scope '"
                        + SCOPE
                        + "/providers/Microsoft.Authorization/roleAssignments/"
                        + NAME
                        + "' or the scope is invalid. If access was recently granted, please"
                        + " refresh your credentials.")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Azure denied jitgate Microsoft.Authorization/roleAssignments/write at scope "
                + SCOPE
                + " while granting role "
                + ROLE_ID
                + " at "
                + SCOPE
                + " for alice@example.com")
        .hasMessageContaining("AuthorizationFailed (HTTP 403): The client '2c9d1e7a")
        .hasMessageNotContaining(AzureStub.TOKEN);
    azure.server.verify(exactly(1), assignmentRequested(PUT, SCOPE, NAME));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void revoke_deletesTheAssignmentByItsName() {
    azure.server.stubFor(assignment(DELETE, SCOPE, NAME).willReturn(json(200, assignmentBody())));

    provider.revoke(grant());

    azure.server.verify(
        exactly(1),
        assignmentRequested(DELETE, SCOPE, NAME)
            .withHeader("Authorization", equalTo("Bearer " + AzureStub.TOKEN))
            .withQueryParam("tenantId", absent()));
    assertThat(azure.all()).hasSize(1);
  }

  @Test
  void revoke_whenThereIsNothingToDelete_succeeds() {
    azure.server.stubFor(
        assignment(DELETE, SCOPE, NAME).willReturn(WireMock.aResponse().withStatus(204)));

    provider.revoke(grant());

    azure.server.verify(exactly(1), assignmentRequested(DELETE, SCOPE, NAME));
  }

  @Test
  void revoke_whenTheScopeIsGone_succeeds() {
    azure.server.stubFor(
        assignment(DELETE, SCOPE, NAME)
            .willReturn(
                error(404, "ResourceGroupNotFound", "Resource group 'prod' could not be found.")));

    provider.revoke(grant());

    azure.server.verify(exactly(1), assignmentRequested(DELETE, SCOPE, NAME));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void revoke_whenForbidden_namesTheDeletePermission() {
    azure.server.stubFor(
        assignment(DELETE, SCOPE, NAME)
            .willReturn(
                error(
                    403,
                    "AuthorizationFailed",
                    "The client 'x' with object id 'x' does not have authorization to perform"
                        + " action 'Microsoft.Authorization/roleAssignments/delete' over scope '"
                        + SCOPE
                        + "' or the scope is invalid.")));

    assertThatThrownBy(() -> provider.revoke(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Azure denied jitgate Microsoft.Authorization/roleAssignments/delete at scope "
                + SCOPE
                + " while revoking role");
  }

  @Test
  void revoke_whenArmFailsForAWhile_triesAgain() {
    azure.inTurn(
        "unavailable",
        () -> assignment(DELETE, SCOPE, NAME),
        error(503, "ServiceUnavailable", "The service is temporarily unavailable."),
        json(200, assignmentBody()));

    provider.revoke(grant());

    azure.server.verify(exactly(2), assignmentRequested(DELETE, SCOPE, NAME));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenArmAnswersAnUnexpectedError_failsNamingTheOperation() {
    azure.server.stubFor(
        assignment(PUT, SCOPE, NAME)
            .willReturn(
                error(
                    400,
                    "InvalidRoleDefinitionId",
                    "The role definition ID '" + ROLE + "' is not valid.")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "granting role "
                + ROLE_ID
                + " at "
                + SCOPE
                + " for alice@example.com (object id "
                + OBJECT_ID
                + ") failed: InvalidRoleDefinitionId (HTTP 400): The role definition ID '"
                + ROLE
                + "' is not valid.");
    azure.server.verify(exactly(1), assignmentRequested(PUT, SCOPE, NAME));
  }

  @Test
  void revoke_whenTheConnectionIsCut_triesAgain() {
    azure.inTurn(
        "reset",
        () -> assignment(DELETE, SCOPE, NAME),
        WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        json(200, assignmentBody()));

    provider.revoke(grant());

    azure.server.verify(exactly(2), assignmentRequested(DELETE, SCOPE, NAME));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenJitgatesCredentialGetsNoToken_failsWithoutCallingArm() {
    AzureRoleAssignmentProvider withoutToken =
        azure
            .providers(
                clock,
                Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 5),
                sleeper,
                request ->
                    Mono.error(
                        new ClientAuthenticationException(
                            "ManagedIdentityCredential authentication unavailable. No Managed"
                                + " Identity endpoint found.",
                            null)))
            .roleAssignments();

    assertThatThrownBy(() -> withoutToken.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "granting role "
                + ROLE_ID
                + " at "
                + SCOPE
                + " for alice@example.com (object id "
                + OBJECT_ID
                + ") failed: ClientAuthenticationException: ManagedIdentityCredential"
                + " authentication unavailable. No Managed Identity endpoint found.");
    assertThat(azure.all()).isEmpty();
    assertThat(sleeper.millis()).isEmpty();
  }
}
