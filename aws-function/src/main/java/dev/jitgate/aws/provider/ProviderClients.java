package dev.jitgate.aws.provider;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients the providers take: the url-connection HTTP client, an explicit region and
 * credentials (nothing is probed at start), and no SDK retries, because the providers retry within
 * their own {@link Backoff} and nested retries would multiply its bounds.
 */
public final class ProviderClients {
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Optional<URI> endpoint;

  /**
   * @param endpoint a stub's address for tests; empty for AWS's own endpoints
   */
  public ProviderClients(
      Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
    this.region = Objects.requireNonNull(region, "region");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /** SSO Admin, in the region of the Identity Center instance. */
  public SsoAdminClient ssoAdmin() {
    return build(SsoAdminClient.builder(), region);
  }

  /** Identity Store, in the region of the Identity Center instance. */
  public IdentitystoreClient identityStore() {
    return build(IdentitystoreClient.builder(), region);
  }

  public StsClient sts() {
    return build(StsClient.builder(), region);
  }

  /**
   * IAM is global; its client is built for us-east-1 (VERSIONS.md: {@code aws-global} does not work
   * with an endpoint override).
   */
  public IamClient iam() {
    return build(IamClient.builder(), Region.US_EAST_1);
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Region clientRegion) {
    builder
        .httpClient(UrlConnectionHttpClient.create())
        .region(clientRegion)
        .credentialsProvider(credentials)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
