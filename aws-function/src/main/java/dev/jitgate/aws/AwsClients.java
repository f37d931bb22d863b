package dev.jitgate.aws;

import dev.jitgate.config.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients of one function instance. Each is built on first use and then shared; all of
 * them use one url-connection HTTP client, the region given, and credentials resolved without any
 * probing. Building a client opens no connection. The providers' clients (SSO Admin, Identity
 * Store, STS, IAM) have the SDK's retries off, because the providers bound their retries themselves
 * and nested retries would multiply those bounds.
 */
public final class AwsClients implements AutoCloseable {
  /** The suffixes of the endpoint variables, as the SDKs name them; "" is for every service. */
  private static final List<String> SERVICES =
      List.of("", "DYNAMODB", "SESV2", "SSO_ADMIN", "IDENTITYSTORE", "STS", "IAM", "KMS");

  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Map<String, URI> endpoints;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();

  private DynamoDbClient dynamoDb;
  private SesV2Client sesV2;
  private SsoAdminClient ssoAdmin;
  private IdentitystoreClient identityStore;
  private StsClient sts;
  private IamClient iam;
  private KmsClient kms;

  /**
   * @param endpoints endpoint overrides by the SDK's service id suffix ({@code DYNAMODB}, {@code
   *     SESV2}, {@code SSO_ADMIN}, {@code IDENTITYSTORE}, {@code STS}, {@code IAM}, {@code KMS}),
   *     and {@code ""} for every service; empty in a deployment
   */
  public AwsClients(Region region, AwsCredentialsProvider credentials, Map<String, URI> endpoints) {
    this.region = Objects.requireNonNull(region, "region");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.endpoints = Map.copyOf(endpoints);
  }

  /**
   * Clients for the region in {@code AWS_REGION}, with Lambda's credentials. {@code
   * AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} override endpoints, for tests against
   * local servers.
   */
  public static AwsClients fromEnvironment(Environment env) {
    Region region = Region.of(env.required("AWS_REGION", "the AWS region, such as eu-west-1"));
    Map<String, URI> endpoints = new HashMap<>();
    for (String service : SERVICES) {
      endpoint(env, service).ifPresent(uri -> endpoints.put(service, uri));
    }
    return new AwsClients(region, lambdaCredentials(), endpoints);
  }

  /**
   * The function's own credentials: the access key variables Lambda sets, or, when they are absent,
   * the container credentials endpoint that Lambda uses instead under SnapStart. Never a profile
   * file or the instance metadata service, so no lookup ever leaves the sandbox.
   */
  public static AwsCredentialsProvider lambdaCredentials() {
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            EnvironmentVariableCredentialsProvider.create(),
            ContainerCredentialsProvider.builder().build())
        .build();
  }

  public Region region() {
    return region;
  }

  public synchronized DynamoDbClient dynamoDb() {
    if (dynamoDb == null) {
      dynamoDb = build(DynamoDbClient.builder(), "DYNAMODB");
    }
    return dynamoDb;
  }

  public synchronized SesV2Client sesV2() {
    if (sesV2 == null) {
      sesV2 = build(SesV2Client.builder(), "SESV2");
    }
    return sesV2;
  }

  /** SSO Admin, in the region of the Identity Center instance; no SDK retries. */
  public synchronized SsoAdminClient ssoAdmin() {
    if (ssoAdmin == null) {
      ssoAdmin = build(withoutRetries(SsoAdminClient.builder()), "SSO_ADMIN");
    }
    return ssoAdmin;
  }

  /** Identity Store, in the region of the Identity Center instance; no SDK retries. */
  public synchronized IdentitystoreClient identityStore() {
    if (identityStore == null) {
      identityStore = build(withoutRetries(IdentitystoreClient.builder()), "IDENTITYSTORE");
    }
    return identityStore;
  }

  /** STS; no SDK retries. */
  public synchronized StsClient sts() {
    if (sts == null) {
      sts = build(withoutRetries(StsClient.builder()), "STS");
    }
    return sts;
  }

  /**
   * IAM, which is global; its client is built for us-east-1 (VERSIONS.md: {@code aws-global} does
   * not work with an endpoint override). No SDK retries.
   */
  public synchronized IamClient iam() {
    if (iam == null) {
      iam = build(withoutRetries(IamClient.builder()).region(Region.US_EAST_1), "IAM");
    }
    return iam;
  }

  /**
   * KMS, which decrypts the signing keys once when the function starts; with the SDK's standard
   * retries, since nothing else bounds that call.
   */
  public synchronized KmsClient kms() {
    if (kms == null) {
      kms = build(KmsClient.builder(), "KMS");
    }
    return kms;
  }

  private static <B extends AwsClientBuilder<B, C>, C> B withoutRetries(B builder) {
    return builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, String service) {
    builder.httpClient(http).credentialsProvider(credentials);
    if (!service.equals("IAM")) {
      builder.region(region);
    }
    URI endpoint = endpoints.getOrDefault(service, endpoints.get(""));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private static Optional<URI> endpoint(Environment env, String service) {
    String name = service.isEmpty() ? "AWS_ENDPOINT_URL" : "AWS_ENDPOINT_URL_" + service;
    return env.optional(name)
        .map(
            value -> {
              try {
                URI uri = new URI(value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                  throw env.invalid(name, "must be an absolute URL, such as http://127.0.0.1:8000");
                }
                return uri;
              } catch (URISyntaxException e) {
                throw env.invalid(name, "must be an absolute URL, such as http://127.0.0.1:8000");
              }
            });
  }

  /**
   * Builds the access providers' clients (SSO Admin, Identity Store, STS, IAM) now. SnapStart
   * priming calls it, so that the snapshot holds them although the providers build them only on
   * first use. Connects nowhere.
   */
  public synchronized void buildProviderClients() {
    ssoAdmin();
    identityStore();
    sts();
    iam();
  }

  /** The services whose clients were built so far, such as {@code DYNAMODB}, in a fixed order. */
  synchronized List<String> built() {
    List<String> built = new ArrayList<>();
    Object[] clients = {dynamoDb, sesV2, ssoAdmin, identityStore, sts, iam, kms};
    String[] names = {"DYNAMODB", "SESV2", "SSO_ADMIN", "IDENTITYSTORE", "STS", "IAM", "KMS"};
    for (int i = 0; i < clients.length; i++) {
      if (clients[i] != null) {
        built.add(names[i]);
      }
    }
    return built;
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable client :
        new AutoCloseable[] {dynamoDb, sesV2, ssoAdmin, identityStore, sts, iam, kms}) {
      if (client != null) {
        try {
          client.close();
        } catch (Exception e) {
          // Closing only releases local resources; there is nothing to tell anyone.
        }
      }
    }
    http.close();
  }
}
