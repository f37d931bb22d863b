package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.GET;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
import static dev.jitgate.azure.provider.AzureStub.pim;
import static dev.jitgate.azure.provider.AzureStub.pimRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code azure.pim} grants: the AdminAssign request on the wire, and every answer PIM gives. */
class AzurePimProviderTest {
  static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  static final String SCOPE = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/prod";
  static final String ROLE = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String ROLE_ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/providers/Microsoft.Authorization/roleDefinitions/"
          + ROLE;
  static final String OBJECT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
  static final RequestId REQUEST = new RequestId("req-0000000001");
  static final String ASSIGN = AzureTarget.requestName(REQUEST, "assign");

  static final String ADMIN_ASSIGN =
      """
      {"properties":{
        "principalId":"%s",
        "roleDefinitionId":"%s",
        "requestType":"AdminAssign",
        "justification":"INC-1: outage (jitgate req-0000000001)",
        "scheduleInfo":{
          "startDateTime":"2026-11-21T10:00:00Z",
          "expiration":{"type":"AfterDateTime","endDateTime":"2026-11-21T11:00:00Z"}}}}
      """
          .formatted(OBJECT_ID, ROLE_ID);

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  AzureStub azure;
  AzurePimProvider provider;

  @BeforeEach
  void start() {
    azure = new AzureStub();
    provider =
        azure
            .providers(
                clock, Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 5), sleeper)
            .pim();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  static Grant grant() {
    return grant(ROLE, "INC-1: outage");
  }

  static Grant grant(String role, String justification) {
    return new Grant(
        REQUEST,
        new EntitlementId("azure-prod-reader"),
        new GrantSpec.AzurePim(SCOPE, role),
        new UserId("alice@example.com"),
        Optional.of(new PrincipalId(OBJECT_ID)),
        Window.of(MutableClock.at("2026-11-21T10:00:00Z").instant(), Duration.ofHours(1)),
        justification);
  }

  /** PIM's answer to a request it took: the request resource with its status. */
  static String scheduleRequest(String name, String type, String status) {
    return """
        {"id":"%s/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/%s",
         "name":"%s","type":"Microsoft.Authorization/RoleAssignmentScheduleRequests",
         "properties":{"roleDefinitionId":"%s","principalId":"%s","principalType":"User",
           "requestType":"%s","status":"%s","scope":"%s","createdOn":"2026-11-21T10:00:01Z"}}
        """
        .formatted(SCOPE, name, name, ROLE_ID, OBJECT_ID, type, status, SCOPE);
  }

  @Test
  void grant_sendsAdminAssignForTheWindowAtTheScope_andKeepsPimsIds() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned"))));

    var details = provider.grant(grant());

    azure.server.verify(
        exactly(1),
        pimRequested(PUT, SCOPE, ASSIGN)
            .withHeader("Authorization", equalTo("Bearer " + AzureStub.TOKEN))
            .withRequestBody(equalToJson(ADMIN_ASSIGN)));
    assertThat(azure.all()).hasSize(1);
    assertThat(azure.all().get(0).getUrl())
        .isEqualTo(
            "/"
                + SCOPE
                + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/"
                + ASSIGN
                + "?api-version=2020-10-01");
    assertThat(details)
        .containsEntry("pimRequest", ASSIGN)
        .containsEntry("pimStatus", "Provisioned")
        .containsEntry("roleDefinitionId", ROLE_ID)
        .containsEntry("principalId", OBJECT_ID)
        .containsEntry(
            "pimRequestId",
            SCOPE + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/" + ASSIGN);
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void grant_whenRetriedAfterTheFirstRequestLanded_readsThatRequestAndSucceeds() {
    azure.inTurn(
        "assign",
        () -> pim(PUT, SCOPE, ASSIGN),
        json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned")),
        error(
            400,
            "RoleAssignmentRequestExists",
            "A role assignment request with Id: " + ASSIGN + " already exists."));
    azure.server.stubFor(
        pim(GET, SCOPE, ASSIGN)
            .willReturn(json(200, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned"))));

    provider.grant(grant());
    var again = provider.grant(grant());

    assertThat(again).containsEntry("pimRequest", ASSIGN).containsEntry("pimStatus", "Provisioned");
    azure.server.verify(
        exactly(2), pimRequested(PUT, SCOPE, ASSIGN).withRequestBody(equalToJson(ADMIN_ASSIGN)));
    azure.server.verify(exactly(1), pimRequested(GET, SCOPE, ASSIGN));
  }

  @Test
  void grant_whenAnotherAssignmentIsAlreadyActive_failsSayingPimKeepsOne_withoutRetrying() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(error(400, "RoleAssignmentExists", "The Role assignment already exists.")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("already has an active assignment")
        .hasMessageContaining("one per person, role and scope");
    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void grant_whenTheSubjectIsNotReplicatedYet_triesAgainUntilPimKnowsIt() {
    azure.inTurn(
        "lag",
        () -> pim(PUT, SCOPE, ASSIGN),
        error(400, "SubjectNotFound", "The subject is not found."),
        error(400, "SubjectNotFound", "The subject is not found."),
        json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned")));

    assertThat(provider.grant(grant())).containsEntry("pimStatus", "Provisioned");

    azure.server.verify(
        exactly(3), pimRequested(PUT, SCOPE, ASSIGN).withRequestBody(equalToJson(ADMIN_ASSIGN)));
    assertThat(sleeper.millis()).containsExactly(10L, 20L);
  }

  @Test
  void grant_whenThePolicyRefusesTheDuration_failsNamingTheRolesPolicy() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(
                error(
                    400,
                    "RoleAssignmentRequestPolicyValidationFailed",
                    "The following policy rules failed: [\"ExpirationRule\"]")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "the PIM policy of role "
                + ROLE_ID
                + " at scope "
                + SCOPE
                + " refused the request for alice@example.com:"
                + " RoleAssignmentRequestPolicyValidationFailed (HTTP 400): The following policy"
                + " rules failed: [\"ExpirationRule\"]; allow an active assignment of PT1H (and the"
                + " rules named) in the role's management policy");
    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, ASSIGN));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void grant_whenForbidden_namesTheMissingPermissionAndTheScope() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(
                error(
                    403,
                    "AuthorizationFailed",
                    "The client '2c9d1e7a-0000-4000-8000-00000000f00d' with object id"
                        + " '2c9d1e7a-0000-4000-8000-00000000f00d' does not have authorization to"
                        + " perform action"
                        + " 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' over scope '"
                        + SCOPE
                        + "/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/"
                        + ASSIGN
                        + "' or the scope is invalid.")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Azure denied jitgate Microsoft.Authorization/roleAssignmentScheduleRequests/write at"
                + " scope "
                + SCOPE
                + " while granting PIM role "
                + ROLE_ID)
        .hasMessageContaining("give jitgate's identity a role with that permission at the scope")
        .hasMessageContaining("AuthorizationFailed (HTTP 403): The client '2c9d1e7a")
        .hasMessageNotContaining(AzureStub.TOKEN);
    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, ASSIGN));
  }

  @Test
  void grant_whenPimDeniesTheRequest_fails() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(json(201, scheduleRequest(ASSIGN, "AdminAssign", "Denied"))));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("PIM ended the request " + ASSIGN + " Denied while granting");
  }

  @Test
  void grant_whenPimWaitsForApproval_failsSayingToTurnApprovalOff() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(json(201, scheduleRequest(ASSIGN, "AdminAssign", "PendingApproval"))));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("holds the request " + ASSIGN + " for approval (PendingApproval)")
        .hasMessageContaining("turn off approval");
  }

  @Test
  void grant_withoutAnEntraObjectId_failsBeforeCallingAzure() {
    Grant withoutId =
        new Grant(
            REQUEST,
            new EntitlementId("azure-prod-reader"),
            new GrantSpec.AzurePim(SCOPE, ROLE),
            new UserId("alice@example.com"),
            Optional.empty(),
            grant().window(),
            "INC-1: outage");

    assertThatThrownBy(() -> provider.grant(withoutId))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "request req-0000000001 carries no Entra object id for alice@example.com, and Azure"
                + " assigns roles to object ids: the requester must sign in through Entra ID,"
                + " whose token has the oid claim");
    assertThat(azure.all()).isEmpty();
  }

  @Test
  void grant_withAFullRoleDefinitionIdOfAnotherForm_sendsItAtTheScopesSubscription() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned"))));

    provider.grant(
        grant(
            "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE.toUpperCase(),
            "INC-1: outage"));

    azure.server.verify(
        exactly(1), pimRequested(PUT, SCOPE, ASSIGN).withRequestBody(equalToJson(ADMIN_ASSIGN)));
  }

  @Test
  void grant_withALongJustification_boundsItToPimsLimitKeepingTheRequestId() {
    azure.server.stubFor(
        pim(PUT, SCOPE, ASSIGN)
            .willReturn(json(201, scheduleRequest(ASSIGN, "AdminAssign", "Provisioned"))));

    provider.grant(grant(ROLE, "INC-1: " + "x".repeat(800)));

    String sent =
        azure
            .all()
            .get(0)
            .getBodyAsString()
            .replaceAll("(?s).*\"justification\":\"([^\"]*)\".*", "$1");
    assertThat(sent).hasSize(AzurePimProvider.JUSTIFICATION_LIMIT);
    assertThat(sent).startsWith("INC-1: xxx").endsWith("x… (jitgate req-0000000001)");
  }
}
