package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static dev.jitgate.aws.provider.AwsStub.IDENTITY_STORE;
import static dev.jitgate.aws.provider.AwsStub.SSO;
import static dev.jitgate.aws.provider.AwsStub.json;
import static dev.jitgate.aws.provider.AwsStub.jsonError;
import static dev.jitgate.aws.provider.AwsStub.target;
import static dev.jitgate.aws.provider.AwsStub.targetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.Fixtures;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityCenterProviderTest {
  static final String INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef";
  static final String PERMISSION_SET =
      "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890";
  static final String ACCOUNT = "123456789012";
  static final String USER_ID = "906716f2e1-0a1b2c3d-4e5f-6789-abcd-ef0123456789";

  static final String GET_USER_ID =
      """
      {"IdentityStoreId":"d-1234567890",
       "AlternateIdentifier":{"UniqueAttribute":{"AttributePath":"emails.value",
                                                 "AttributeValue":"alice@example.com"}}}
      """;
  static final String ASSIGNMENT =
      """
      {"InstanceArn":"%s","TargetId":"%s","TargetType":"AWS_ACCOUNT","PermissionSetArn":"%s",
       "PrincipalType":"USER","PrincipalId":"%s"}
      """
          .formatted(INSTANCE, ACCOUNT, PERMISSION_SET, USER_ID);

  final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  final RecordingSleeper sleeper = new RecordingSleeper();
  AwsStub aws;
  IdentityCenterProvider provider;

  @BeforeEach
  void start() {
    aws = new AwsStub();
    provider =
        new IdentityCenterProvider(
            aws.clients.ssoAdmin(),
            aws.clients.identityStore(),
            clock,
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 5),
            sleeper);
    aws.server.stubFor(
        target(IDENTITY_STORE + "GetUserId")
            .willReturn(
                json("{\"IdentityStoreId\":\"d-1234567890\",\"UserId\":\"" + USER_ID + "\"}")));
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  static Grant grant() {
    return new Grant(
        new RequestId("req-0000000001"),
        new EntitlementId("aws-prod-admin"),
        Fixtures.AWS_ADMIN_ASSIGNMENT,
        new UserId("alice@example.com"),
        Window.of(MutableClock.at("2026-11-21T10:00:00Z").instant(), Duration.ofHours(1)),
        "INC-1: outage");
  }

  static String creation(String status, String requestId, String reason) {
    return "{\"AccountAssignmentCreationStatus\":" + status(status, requestId, reason) + "}";
  }

  static String deletion(String status, String requestId, String reason) {
    return "{\"AccountAssignmentDeletionStatus\":" + status(status, requestId, reason) + "}";
  }

  private static String status(String status, String requestId, String reason) {
    return """
        {"Status":"%s","RequestId":"%s",%s"TargetId":"%s","TargetType":"AWS_ACCOUNT",
         "PermissionSetArn":"%s","PrincipalType":"USER","PrincipalId":"%s"}
        """
        .formatted(
            status,
            requestId,
            reason == null ? "" : "\"FailureReason\":\"" + reason + "\",",
            ACCOUNT,
            PERMISSION_SET,
            USER_ID);
  }

  @Test
  void grant_createsTheAssignmentAndPollsUntilSucceeded_sendingExactRequests() {
    aws.inTurn(SSO + "CreateAccountAssignment", json(creation("IN_PROGRESS", "create-1", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentCreationStatus",
        json(creation("SUCCEEDED", "create-1", null)));

    Map<String, String> details = provider.grant(grant());

    assertThat(details)
        .containsEntry("identityCenterUserId", USER_ID)
        .containsEntry("assignmentRequestId", "create-1");
    aws.server.verify(
        targetRequested(IDENTITY_STORE + "GetUserId").withRequestBody(equalToJson(GET_USER_ID)));
    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "CreateAccountAssignment").withRequestBody(equalToJson(ASSIGNMENT)));
    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "DescribeAccountAssignmentCreationStatus")
            .withRequestBody(
                equalToJson(
                    "{\"InstanceArn\":\""
                        + INSTANCE
                        + "\",\"AccountAssignmentCreationRequestId\":\"create-1\"}")));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenCreationStaysInProgress_pollsWithDoublingDelaysUntilSucceeded() {
    aws.inTurn(SSO + "CreateAccountAssignment", json(creation("IN_PROGRESS", "create-1", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentCreationStatus",
        json(creation("IN_PROGRESS", "create-1", null)),
        json(creation("IN_PROGRESS", "create-1", null)),
        json(creation("SUCCEEDED", "create-1", null)));

    assertThat(provider.grant(grant())).containsEntry("assignmentRequestId", "create-1");

    aws.server.verify(exactly(3), targetRequested(SSO + "DescribeAccountAssignmentCreationStatus"));
    assertThat(sleeper.millis()).containsExactly(10L, 20L, 40L);
  }

  @Test
  void grant_whenCreationFails_throwsWithAwsFailureReason() {
    aws.inTurn(SSO + "CreateAccountAssignment", json(creation("IN_PROGRESS", "create-1", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentCreationStatus",
        json(creation("FAILED", "create-1", "Received a 404 status error: Not supported account")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("FAILED")
        .hasMessageContaining("create-1")
        .hasMessageContaining("Not supported account")
        .hasMessageContaining(PERMISSION_SET);
  }

  @Test
  void grant_whenPollingNeverEnds_givesUpWithinTheBudgetNamingTheOperation() {
    aws.inTurn(SSO + "CreateAccountAssignment", json(creation("IN_PROGRESS", "create-1", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentCreationStatus",
        json(creation("IN_PROGRESS", "create-1", null)));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("gave up granting permission set " + PERMISSION_SET)
        .hasMessageContaining("after 5 retries and polls")
        .hasMessageContaining("still IN_PROGRESS");
    assertThat(sleeper.millis()).containsExactly(10L, 20L, 40L, 80L, 80L);
    aws.server.verify(exactly(5), targetRequested(SSO + "DescribeAccountAssignmentCreationStatus"));
  }

  @Test
  void grant_whenAnotherOperationConflicts_retriesAfterBackoff() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(400, "ConflictException", "An operation on this assignment is in progress"),
        json(creation("IN_PROGRESS", "create-2", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentCreationStatus",
        json(creation("SUCCEEDED", "create-2", null)));
    aws.server.stubFor(
        target(SSO + "ListAccountAssignments").willReturn(json("{\"AccountAssignments\":[]}")));

    assertThat(provider.grant(grant())).containsEntry("assignmentRequestId", "create-2");

    aws.server.verify(
        exactly(2),
        targetRequested(SSO + "CreateAccountAssignment").withRequestBody(equalToJson(ASSIGNMENT)));
    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "ListAccountAssignments")
            .withRequestBody(
                equalToJson(
                    "{\"InstanceArn\":\"%s\",\"AccountId\":\"%s\",\"PermissionSetArn\":\"%s\"}"
                        .formatted(INSTANCE, ACCOUNT, PERMISSION_SET))));
    assertThat(sleeper.millis()).containsExactly(10L, 20L);
  }

  void listsTheUserAsAssigned() {
    aws.server.stubFor(
        target(SSO + "ListAccountAssignments")
            .willReturn(
                json(
                    """
                    {"AccountAssignments":[
                      {"AccountId":"%s","PermissionSetArn":"%s","PrincipalType":"GROUP",
                       "PrincipalId":"%s"},
                      {"AccountId":"%s","PermissionSetArn":"%s","PrincipalType":"USER",
                       "PrincipalId":"%s"}]}
                    """
                        .formatted(
                            ACCOUNT, PERMISSION_SET, USER_ID, ACCOUNT, PERMISSION_SET, USER_ID))));
  }

  void deletionsInProgress(String... requestIds) {
    StringBuilder list = new StringBuilder();
    for (String id : requestIds) {
      list.append(list.length() == 0 ? "" : ",")
          .append("{\"Status\":\"IN_PROGRESS\",\"RequestId\":\"" + id + "\"}");
    }
    aws.server.stubFor(
        target(SSO + "ListAccountAssignmentDeletionStatus")
            .willReturn(json("{\"AccountAssignmentsDeletionStatus\":[" + list + "]}")));
  }

  @Test
  void grant_whenTheSameAssignmentAlreadyExists_succeedsWithoutWaiting() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(400, "ConflictException", "The assignment already exists"));
    listsTheUserAsAssigned();
    deletionsInProgress("delete-other");
    aws.server.stubFor(
        target(SSO + "DescribeAccountAssignmentDeletionStatus")
            .willReturn(
                json(
                    deletion("IN_PROGRESS", "delete-other", null)
                        .replace(USER_ID, "someone-else"))));

    assertThat(provider.grant(grant())).containsEntry("assignment", "already present");

    aws.server.verify(exactly(1), targetRequested(SSO + "CreateAccountAssignment"));
    aws.server.verify(
        targetRequested(SSO + "ListAccountAssignmentDeletionStatus")
            .withRequestBody(
                equalToJson(
                    "{\"InstanceArn\":\"%s\",\"Filter\":{\"Status\":\"IN_PROGRESS\"}}"
                        .formatted(INSTANCE))));
    aws.server.verify(exactly(0), targetRequested(SSO + "DescribeAccountAssignmentCreationStatus"));
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void grant_whenTheAssignmentIsStillListedWhileBeingDeleted_waitsAndCreatesItAgain() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(400, "ConflictException", "An operation is in progress"),
        json(creation("SUCCEEDED", "create-5", null)));
    listsTheUserAsAssigned();
    deletionsInProgress("delete-ours");
    aws.server.stubFor(
        target(SSO + "DescribeAccountAssignmentDeletionStatus")
            .willReturn(json(deletion("IN_PROGRESS", "delete-ours", null))));

    assertThat(provider.grant(grant())).containsEntry("assignmentRequestId", "create-5");

    aws.server.verify(exactly(2), targetRequested(SSO + "CreateAccountAssignment"));
    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "DescribeAccountAssignmentDeletionStatus")
            .withRequestBody(
                equalToJson(
                    "{\"InstanceArn\":\"%s\",\"AccountAssignmentDeletionRequestId\":\"delete-ours\"}"
                        .formatted(INSTANCE))));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenThrottled_backsOffAndRetries() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(400, "ThrottlingException", "Rate exceeded"),
        jsonError(400, "ThrottlingException", "Rate exceeded"),
        json(creation("SUCCEEDED", "create-3", null)));

    assertThat(provider.grant(grant())).containsEntry("assignmentRequestId", "create-3");

    aws.server.verify(exactly(3), targetRequested(SSO + "CreateAccountAssignment"));
    assertThat(sleeper.millis()).containsExactly(10L, 20L);
  }

  @Test
  void grant_whenThrottledPastTheBudget_givesUpNamingActionAndLastError() {
    aws.inTurn(
        SSO + "CreateAccountAssignment", jsonError(400, "ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("gave up granting")
        .hasMessageContaining("sso:CreateAccountAssignment: ThrottlingException")
        .hasMessageContaining("Rate exceeded");
    aws.server.verify(exactly(6), targetRequested(SSO + "CreateAccountAssignment"));
    assertThat(sleeper.millis()).containsExactly(10L, 20L, 40L, 80L, 80L);
  }

  @Test
  void grant_whenServerErrs_retries() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(500, "InternalServerException", "try again"),
        json(creation("SUCCEEDED", "create-4", null)));

    assertThat(provider.grant(grant())).containsEntry("assignmentRequestId", "create-4");
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void grant_whenNoUserHasTheEmail_failsClearlyWithoutCreating() {
    aws.server.stubFor(
        target(IDENTITY_STORE + "GetUserId")
            .willReturn(jsonError(400, "ResourceNotFoundException", "USER not found")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "no Identity Center user with e-mail alice@example.com in identity store d-1234567890");
    aws.server.verify(exactly(0), targetRequested(SSO + "CreateAccountAssignment"));
  }

  @Test
  void grant_whenAccessDenied_namesTheMissingAction() {
    aws.inTurn(
        SSO + "CreateAccountAssignment",
        jsonError(
            400,
            "AccessDeniedException",
            "User is not authorized to perform: sso:CreateAccountAssignment"));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("AWS denied jitgate sso:CreateAccountAssignment; allow it")
        .hasMessageContaining("AccessDeniedException");
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void grant_whenUserLookupDenied_namesIdentityStoreAction() {
    aws.server.stubFor(
        target(IDENTITY_STORE + "GetUserId")
            .willReturn(jsonError(400, "AccessDeniedException", "not authorized")));

    assertThatThrownBy(() -> provider.grant(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("AWS denied jitgate identitystore:GetUserId");
  }
}
