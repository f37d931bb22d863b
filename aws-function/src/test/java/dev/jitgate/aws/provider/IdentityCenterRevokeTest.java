package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static dev.jitgate.aws.provider.AwsStub.IDENTITY_STORE;
import static dev.jitgate.aws.provider.AwsStub.SSO;
import static dev.jitgate.aws.provider.AwsStub.json;
import static dev.jitgate.aws.provider.AwsStub.jsonError;
import static dev.jitgate.aws.provider.AwsStub.target;
import static dev.jitgate.aws.provider.AwsStub.targetRequested;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.ASSIGNMENT;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.INSTANCE;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.USER_ID;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.deletion;
import static dev.jitgate.aws.provider.IdentityCenterProviderTest.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityCenterRevokeTest {
  final MutableClock clock = MutableClock.at("2026-11-21T11:00:00Z");
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

  @Test
  void revoke_deletesTheAssignmentAndPollsUntilSucceeded() {
    aws.inTurn(SSO + "DeleteAccountAssignment", json(deletion("IN_PROGRESS", "delete-1", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentDeletionStatus",
        json(deletion("IN_PROGRESS", "delete-1", null)),
        json(deletion("SUCCEEDED", "delete-1", null)));

    provider.revoke(grant());

    aws.server.verify(
        exactly(1),
        targetRequested(SSO + "DeleteAccountAssignment").withRequestBody(equalToJson(ASSIGNMENT)));
    aws.server.verify(
        exactly(2),
        targetRequested(SSO + "DescribeAccountAssignmentDeletionStatus")
            .withRequestBody(
                equalToJson(
                    "{\"InstanceArn\":\""
                        + INSTANCE
                        + "\",\"AccountAssignmentDeletionRequestId\":\"delete-1\"}")));
    assertThat(sleeper.millis()).containsExactly(10L, 20L);
  }

  @Test
  void revoke_whenTheAssignmentIsAlreadyGone_succeeds() {
    aws.inTurn(
        SSO + "DeleteAccountAssignment",
        jsonError(400, "ResourceNotFoundException", "Account assignment not found"));

    provider.revoke(grant());

    aws.server.verify(exactly(1), targetRequested(SSO + "DeleteAccountAssignment"));
    aws.server.verify(exactly(0), targetRequested(SSO + "DescribeAccountAssignmentDeletionStatus"));
  }

  @Test
  void revoke_whenTheUserIsGone_succeedsWithoutDeleting() {
    aws.server.stubFor(
        target(IDENTITY_STORE + "GetUserId")
            .willReturn(jsonError(400, "ResourceNotFoundException", "USER not found")));

    provider.revoke(grant());

    aws.server.verify(exactly(0), targetRequested(SSO + "DeleteAccountAssignment"));
  }

  @Test
  void revoke_whenAnotherOperationConflicts_retriesAfterBackoff() {
    aws.inTurn(
        SSO + "DeleteAccountAssignment",
        jsonError(400, "ConflictException", "An operation is in progress"),
        json(deletion("SUCCEEDED", "delete-2", null)));

    provider.revoke(grant());

    aws.server.verify(exactly(2), targetRequested(SSO + "DeleteAccountAssignment"));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void revoke_whenDeletionFails_throwsWithAwsFailureReason() {
    aws.inTurn(SSO + "DeleteAccountAssignment", json(deletion("IN_PROGRESS", "delete-3", null)));
    aws.inTurn(
        SSO + "DescribeAccountAssignmentDeletionStatus",
        json(deletion("FAILED", "delete-3", "Role is in use")));

    assertThatThrownBy(() -> provider.revoke(grant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("revoking permission set")
        .hasMessageContaining("Role is in use");
  }
}
