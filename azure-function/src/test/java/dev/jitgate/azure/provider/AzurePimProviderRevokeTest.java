package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.http.RequestMethod.PUT;
import static dev.jitgate.azure.provider.AzurePimProviderTest.OBJECT_ID;
import static dev.jitgate.azure.provider.AzurePimProviderTest.REQUEST;
import static dev.jitgate.azure.provider.AzurePimProviderTest.ROLE_ID;
import static dev.jitgate.azure.provider.AzurePimProviderTest.SCOPE;
import static dev.jitgate.azure.provider.AzurePimProviderTest.grant;
import static dev.jitgate.azure.provider.AzurePimProviderTest.scheduleRequest;
import static dev.jitgate.azure.provider.AzureStub.error;
import static dev.jitgate.azure.provider.AzureStub.json;
import static dev.jitgate.azure.provider.AzureStub.pim;
import static dev.jitgate.azure.provider.AzureStub.pimRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code azure.pim} early revokes: the AdminRemove request, and PIM's answers to it. */
class AzurePimProviderRevokeTest {
  static final String REMOVE = AzureTarget.requestName(REQUEST, "remove");
  static final String ADMIN_REMOVE =
      """
      {"properties":{
        "principalId":"%s",
        "roleDefinitionId":"%s",
        "requestType":"AdminRemove",
        "justification":"Access ended (jitgate req-0000000001)"}}
      """
          .formatted(OBJECT_ID, ROLE_ID);

  final MutableClock clock = MutableClock.at("2026-11-21T10:20:00Z");
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

  @Test
  void revoke_sendsAdminRemoveUnderItsOwnName() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(json(201, scheduleRequest(REMOVE, "AdminRemove", "Revoked"))));

    provider.revoke(grant());

    azure.server.verify(
        exactly(1), pimRequested(PUT, SCOPE, REMOVE).withRequestBody(equalToJson(ADMIN_REMOVE)));
    assertThat(azure.all()).hasSize(1);
    assertThat(REMOVE).isNotEqualTo(AzurePimProviderTest.ASSIGN);
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void revoke_whenTheAssignmentIsAlreadyGone_succeeds() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(
                error(400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.")));

    provider.revoke(grant());

    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, REMOVE));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void revoke_whenRetriedAfterTheRemovalLanded_succeeds() {
    azure.inTurn(
        "remove",
        () -> pim(PUT, SCOPE, REMOVE),
        json(201, scheduleRequest(REMOVE, "AdminRemove", "Revoked")),
        error(
            400,
            "RoleAssignmentRequestExists",
            "A role assignment request with Id: " + REMOVE + " already exists."));

    provider.revoke(grant());
    provider.revoke(grant());

    azure.server.verify(
        exactly(2), pimRequested(PUT, SCOPE, REMOVE).withRequestBody(equalToJson(ADMIN_REMOVE)));
  }

  @Test
  void revoke_whenTheAssignmentIsTooYoungToRemove_triesAgainUntilPimAllowsIt() {
    azure.inTurn(
        "young",
        () -> pim(PUT, SCOPE, REMOVE),
        error(
            400,
            "ActiveDurationTooShort",
            "The role assignment must be active for a minimum of 5 minutes before it can be"
                + " removed."),
        json(201, scheduleRequest(REMOVE, "AdminRemove", "Revoked")));

    provider.revoke(grant());

    azure.server.verify(
        exactly(2), pimRequested(PUT, SCOPE, REMOVE).withRequestBody(equalToJson(ADMIN_REMOVE)));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void revoke_whenTheAssignmentStaysTooYoung_givesUpNamingPimsAnswer() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(
                error(
                    400,
                    "ActiveDurationTooShort",
                    "The role assignment must be active for a minimum of 5 minutes.")));

    assertThatThrownBy(() -> provider.revoke(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("gave up revoking PIM role " + ROLE_ID + " at " + SCOPE)
        .hasMessageContaining("after 5 retries")
        .hasMessageEndingWith(
            "last: Microsoft.Authorization/roleAssignmentScheduleRequests/write:"
                + " ActiveDurationTooShort (HTTP 400): The role assignment must be active for a"
                + " minimum of 5 minutes.");
    azure.server.verify(exactly(6), pimRequested(PUT, SCOPE, REMOVE));
    assertThat(sleeper.millis()).containsExactly(10L, 20L, 40L, 80L, 80L);
  }

  @Test
  void revoke_whenForbidden_namesTheMissingPermissionAndTheScope() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(
                error(
                    403,
                    "AuthorizationFailed",
                    "The client 'x' with object id 'x' does not have authorization to perform"
                        + " action 'Microsoft.Authorization/roleAssignmentScheduleRequests/write'"
                        + " over scope '"
                        + SCOPE
                        + "' or the scope is invalid.")));

    assertThatThrownBy(() -> provider.revoke(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "Azure denied jitgate Microsoft.Authorization/roleAssignmentScheduleRequests/write at"
                + " scope "
                + SCOPE
                + " while revoking");
    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, REMOVE));
  }

  @Test
  void revoke_whenPimFailsTheRemoval_saysTheAccessIsStillThere() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(json(201, scheduleRequest(REMOVE, "AdminRemove", "Failed"))));

    assertThatThrownBy(() -> provider.revoke(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "PIM ended the removal request " + REMOVE + " Failed while revoking")
        .hasMessageContaining("the access is still there");
  }

  @Test
  void revoke_whenThePrincipalIsGoneFromTheDirectory_succeedsWithoutRetrying() {
    azure.server.stubFor(
        pim(PUT, SCOPE, REMOVE)
            .willReturn(error(400, "SubjectNotFound", "The subject is not found.")));

    provider.revoke(grant());

    azure.server.verify(exactly(1), pimRequested(PUT, SCOPE, REMOVE));
    assertThat(sleeper.millis()).isEmpty();
  }
}
