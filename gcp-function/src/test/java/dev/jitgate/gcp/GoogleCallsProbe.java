package dev.jitgate.gcp;

import com.google.cloud.iam.credentials.v1.GenerateAccessTokenResponse;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.protobuf.Duration;
import java.util.List;

/**
 * Run by {@link ShadedJarIT} in a JVM whose classpath is the deployable jar and this class alone:
 * {@code GoogleCallsProbe ENDPOINT RESOURCE SERVICE_ACCOUNT} makes one Resource Manager and one IAM
 * Credentials call with the jar's Google clients, built as the function builds them (gRPC over TLS,
 * the application default credentials) but for {@code ENDPOINT}. It uses nothing but what the jar
 * holds, so a call that works here works from the function.
 */
public final class GoogleCallsProbe {
  private GoogleCallsProbe() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    try (ProjectsClient projects =
        ProjectsClient.create(ProjectsSettings.newBuilder().setEndpoint(endpoint).build())) {
      Policy policy =
          projects.getIamPolicy(
              GetIamPolicyRequest.newBuilder()
                  .setResource(args[1])
                  .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                  .build());
      System.out.println("getIamPolicy version=" + policy.getVersion());
    }
    try (IamCredentialsClient credentials =
        IamCredentialsClient.create(
            IamCredentialsSettings.newBuilder().setEndpoint(endpoint).build())) {
      GenerateAccessTokenResponse token =
          credentials.generateAccessToken(
              "projects/-/serviceAccounts/" + args[2],
              List.of(),
              List.of("https://www.googleapis.com/auth/cloud-platform"),
              Duration.newBuilder().setSeconds(600).build());
      System.out.println("generateAccessToken expires=" + token.getExpireTime().getSeconds());
    }
  }
}
