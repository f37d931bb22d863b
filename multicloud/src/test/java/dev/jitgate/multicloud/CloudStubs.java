package dev.jitgate.multicloud;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.iam.v1.Binding;
import dev.jitgate.aws.provider.AwsStub;
import dev.jitgate.azure.provider.AzureStub;
import dev.jitgate.gcp.provider.InProcessGoogle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The three clouds' IAM APIs, each a wire stub on loopback with the semantics its provider needs:
 * Identity Center and the Identity Store (WireMock, AWS JSON 1.1), Resource Manager's authorization
 * API (WireMock, ARM REST) and Google's Resource Manager IAM policies (in-process gRPC). Every call
 * each one receives is recorded, so a test can tell which cloud a deployment reached.
 */
final class CloudStubs implements AutoCloseable {
  static final String AWS_ACCOUNT = "111122223333";
  static final String AWS_USER_ID = "906716f2e1-0a1b2c3d-4e5f-6789-abcd-ef0123456789";
  static final String AZURE_SCOPE =
      "/subscriptions/2f7c1d5e-4b3a-4c2d-9e8f-1a2b3c4d5e6f/resourceGroups/rg-app";
  static final String GCP_PROJECT = "projects/acme-prod";
  static final String GCP_ROLE = "roles/storage.admin";

  final AwsStub aws = new AwsStub();
  final AzureStub azure = new AzureStub();
  final InProcessGoogle google;

  CloudStubs(Clock clock) {
    google = new InProcessGoogle(clock);
    google.resourceManager.create(GCP_PROJECT);
    // Identity Center: the user is found by e-mail; creating and deleting an assignment succeed at
    // once (the provider polls only while IN_PROGRESS).
    aws.server.stubFor(
        AwsStub.target(AwsStub.IDENTITY_STORE + "GetUserId")
            .willReturn(
                AwsStub.json(
                    "{\"IdentityStoreId\":\"d-906700aa11\",\"UserId\":\"" + AWS_USER_ID + "\"}")));
    aws.server.stubFor(
        AwsStub.target(AwsStub.SSO + "CreateAccountAssignment")
            .willReturn(
                AwsStub.json(
                    "{\"AccountAssignmentCreationStatus\":" + assignment("create-1") + "}")));
    aws.server.stubFor(
        AwsStub.target(AwsStub.SSO + "DeleteAccountAssignment")
            .willReturn(
                AwsStub.json(
                    "{\"AccountAssignmentDeletionStatus\":" + assignment("delete-1") + "}")));
    // Resource Manager answers a role assignment PUT with what it was sent, and a DELETE with 204.
    azure.server.stubFor(
        put(urlPathMatching(".*/providers/Microsoft.Authorization/roleAssignments/.*"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("{{{request.body}}}")));
    azure.server.stubFor(
        delete(urlPathMatching(".*/providers/Microsoft.Authorization/roleAssignments/.*"))
            .willReturn(aResponse().withStatus(204)));
  }

  private static String assignment(String requestId) {
    return "{\"Status\":\"SUCCEEDED\",\"RequestId\":\""
        + requestId
        + "\",\"TargetId\":\""
        + AWS_ACCOUNT
        + "\",\"TargetType\":\"AWS_ACCOUNT\",\"PermissionSetArn\":"
        + "\"arn:aws:sso:::permissionSet/ssoins-72230cbe5c2b4a1f/ps-4f1e2d3c4b5a6978\","
        + "\"PrincipalType\":\"USER\",\"PrincipalId\":\""
        + AWS_USER_ID
        + "\"}";
  }

  /** Every call the AWS stub received, oldest first. */
  List<LoggedRequest> awsCalls() {
    return aws.server.findAll(anyRequestedFor(urlPathMatching(".*")));
  }

  /** The {@code X-Amz-Target} operations the AWS stub received, oldest first. */
  List<String> awsOperations() {
    return awsCalls().stream().map(r -> r.getHeader("X-Amz-Target")).toList();
  }

  /** Every call Resource Manager's stub received, oldest first. */
  List<LoggedRequest> azureCalls() {
    return azure.all();
  }

  /** {@code METHOD path} of every call Resource Manager's stub received, oldest first. */
  List<String> azureOperations() {
    return azureCalls().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
  }

  /**
   * Every call Google's fakes received, as {@code getIamPolicy <resource>}, {@code setIamPolicy
   * <resource>} and {@code generateAccessToken <name>}.
   */
  List<String> googleOperations() {
    List<String> calls = new ArrayList<>();
    google
        .resourceManager
        .gets()
        .forEach(r -> calls.add("getIamPolicy " + r.request().getResource()));
    google
        .resourceManager
        .sets()
        .forEach(r -> calls.add("setIamPolicy " + r.request().getResource()));
    google.iamCredentials.requests().forEach(r -> calls.add("generateAccessToken " + r.getName()));
    return calls;
  }

  /** The bindings of the project's IAM policy now. */
  List<Binding> gcpBindings() {
    return google.resourceManager.policy(GCP_PROJECT).getBindingsList();
  }

  @Override
  public void close() {
    aws.close();
    azure.close();
    google.close();
  }
}
