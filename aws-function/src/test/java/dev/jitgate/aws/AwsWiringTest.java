package dev.jitgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.config.Environment;
import dev.jitgate.port.RequestStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The composition root read from environment variables, with every AWS endpoint and the JWKS URL
 * pointing at a loopback port that counts connections: building it and priming it must make none.
 */
class AwsWiringTest {
  private final LoopbackTrap trap = new LoopbackTrap();
  private final Map<String, String> env = TestEnvironments.oidc(trap);
  private final List<String> storeCalls = new ArrayList<>();
  private final List<AwsClients> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    opened.forEach(AwsClients::close);
    trap.close();
  }

  @Test
  void buildingAndPriming_openNoConnection() {
    AwsWiring wiring = wire();

    List<Integer> statuses = wiring.priming().prime();

    assertThat(statuses).containsExactly(200, 401);
    assertThat(storeCalls).isEmpty();
    assertThat(trap.connections()).isZero();
  }

  @Test
  void providers_buildTheirClientsOnFirstUse_butPrimingBuildsThemForTheSnapshot() {
    AwsClients clients = clients();
    AwsProviders.fromEnvironment(clients, new Environment(env::get), Clock.systemUTC());
    AwsWiring wiring = wire(clients);
    assertThat(clients.built()).containsExactly("DYNAMODB");

    wiring.priming().prime();

    assertThat(clients.built())
        .containsExactly("DYNAMODB", "SESV2", "SSO_ADMIN", "IDENTITYSTORE", "STS", "IAM");
    assertThat(trap.connections()).isZero();
  }

  @Test
  void primingBehindTheJwtAuthorizer_opensNoConnectionEither() {
    env.put("JITGATE_AUTH", "apigateway-jwt");
    env.put("JITGATE_OIDC_GROUPS_CLAIM", "cognito:groups");

    List<Integer> statuses = wire().priming().prime();

    assertThat(statuses).containsExactly(200, 401);
    assertThat(trap.connections()).isZero();
  }

  @Test
  void primingTwice_isHarmless() {
    AwsWiring wiring = wire();

    wiring.priming().beforeCheckpoint(null);
    wiring.priming().afterRestore(null);

    assertThat(wiring.priming().prime()).containsExactly(200, 401);
    assertThat(trap.connections()).isZero();
  }

  @Test
  void missingTable_failsNamingTheVariable() {
    env.remove("JITGATE_TABLE");

    Throwable thrown = catchThrowable(() -> AwsStores.tableName(new Environment(env::get)));

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "set the environment variable JITGATE_TABLE to the name of the DynamoDB table of requests");
  }

  @Test
  void tableNameDynamoDbWouldRefuse_failsBeforeAnyCall() {
    env.put("JITGATE_TABLE", "x");

    assertThat(catchThrowable(() -> AwsStores.tableName(new Environment(env::get))))
        .hasMessageContaining("JITGATE_TABLE must be a DynamoDB table name");
  }

  @Test
  void missingRegion_failsNamingTheVariable() {
    env.remove("AWS_REGION");

    assertThat(failure()).hasMessageContaining("AWS_REGION");
  }

  @Test
  void sesMail_isTheDefault_andSmtpOrNoneMayReplaceIt() {
    env.remove("JITGATE_MAIL");
    assertThat(wire().priming().prime()).containsExactly(200, 401);

    env.put("JITGATE_MAIL", "smtp");
    assertThat(failure()).hasMessageContaining("JITGATE_SMTP_HOST");

    env.put("JITGATE_MAIL", "pigeon");
    assertThat(failure()).hasMessageContaining("JITGATE_MAIL must be ses, smtp or none");

    env.put("JITGATE_MAIL", "none");
    env.remove("JITGATE_MAIL_FROM");
    assertThat(wire().priming().prime()).containsExactly(200, 401);
  }

  @Test
  void behindTheJwtAuthorizer_theFunctionStillNeedsTheOidcSettingsToVerifyTokens() {
    env.put("JITGATE_AUTH", "apigateway-jwt");
    env.remove("JITGATE_OIDC_JWKS_URI");

    assertThat(failure()).hasMessageContaining("JITGATE_OIDC_JWKS_URI");
  }

  @Test
  void unknownAuthMode_failsListingTheAwsChoices() {
    env.put("JITGATE_AUTH", "header");

    assertThat(failure()).hasMessageContaining("JITGATE_AUTH must be oidc or apigateway-jwt");
  }

  @Test
  void dynamoStore_isBuiltForTheTableWithoutAConnection() {
    RequestStore store = AwsStores.fromEnvironment(clients(), new Environment(env::get));

    assertThat(store).isInstanceOf(dev.jitgate.aws.store.DynamoRequestStore.class);
    assertThat(trap.connections()).isZero();
  }

  @Test
  void providers_forBothAwsKinds_areBuiltWithoutAConnection() {
    var providers =
        AwsProviders.fromEnvironment(
            clients(), new Environment(env::get), java.time.Clock.systemUTC());

    assertThat(providers)
        .extracting(p -> p.kind())
        .containsExactlyInAnyOrder(
            dev.jitgate.domain.GrantKind.AWS_IDENTITY_CENTER,
            dev.jitgate.domain.GrantKind.AWS_ROLE_CREDENTIALS);
    assertThat(trap.connections()).isZero();
  }

  @Test
  void roleBoundary_isReadFromTheEnvironment_andMustBeOnePolicyArn() {
    env.put("JITGATE_AWS_ROLE_BOUNDARY_ARN", "arn:aws:iam::123456789012:policy/jitgate-grantable");
    assertThat(AwsProviders.roleBoundary(new Environment(env::get)))
        .contains("arn:aws:iam::123456789012:policy/jitgate-grantable");

    env.put("JITGATE_AWS_ROLE_BOUNDARY_ARN", "arn:aws:iam::123456789012:policy/*");
    assertThat(catchThrowable(() -> AwsProviders.roleBoundary(new Environment(env::get))))
        .hasMessageContaining(
            "JITGATE_AWS_ROLE_BOUNDARY_ARN must be the ARN of one managed policy");

    env.remove("JITGATE_AWS_ROLE_BOUNDARY_ARN");
    assertThat(AwsProviders.roleBoundary(new Environment(env::get))).isEmpty();
  }

  @Test
  void auditKeyAsKmsCiphertext_isDecryptedUnderItsOwnContext() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer kms = kmsStub();
    try {
      kms.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.post("/")
              .willReturn(
                  KmsSettingsTest.decrypted(dev.jitgate.testing.SigningKeysJson.auditKey())));
      env.remove("JITGATE_AUDIT_KEY");
      env.put("JITGATE_AUDIT_KEY_KMS", KmsSettingsTest.CIPHERTEXT);
      AwsClients clients = clientsWithKmsAt(kms);

      assertThat(wire(clients).priming().prime()).containsExactly(200, 401);

      kms.verify(
          com.github.tomakehurst.wiremock.client.WireMock.exactly(1),
          com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                  com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
              .withRequestBody(
                  com.github.tomakehurst.wiremock.client.WireMock.containing(
                      "\"EncryptionContext\":{\"jitgate:setting\":\"JITGATE_AUDIT_KEY\"}")));
      assertThat(trap.connections()).isZero();
    } finally {
      kms.stop();
    }
  }

  @Test
  void sharedStorePasswordAsKmsCiphertext_isDecryptedUnderItsOwnContext() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer kms = kmsStub();
    try {
      kms.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.post("/")
              .willReturn(KmsSettingsTest.decrypted("db-password-from-secrets-manager")));
      env.put("JITGATE_JDBC_PASSWORD_KMS", KmsSettingsTest.CIPHERTEXT);

      Environment settings =
          AwsWiring.withJdbcPassword(new Environment(env::get), clientsWithKmsAt(kms));

      assertThat(settings.optional("JITGATE_JDBC_PASSWORD"))
          .contains("db-password-from-secrets-manager");
      assertThat(settings.optional("JITGATE_TABLE"))
          .isEqualTo(Optional.ofNullable(env.get("JITGATE_TABLE")));
      kms.verify(
          com.github.tomakehurst.wiremock.client.WireMock.exactly(1),
          com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                  com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
              .withRequestBody(
                  com.github.tomakehurst.wiremock.client.WireMock.containing(
                      "\"EncryptionContext\":{\"jitgate:setting\":\"JITGATE_JDBC_PASSWORD\"}")));
    } finally {
      kms.stop();
    }
  }

  @Test
  void signingKeysAsKmsCiphertext_areDecryptedOnce_andNothingElseConnects() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer kms = kmsStub();
    try {
      kms.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.post("/")
              .willReturn(
                  KmsSettingsTest.decrypted(dev.jitgate.testing.SigningKeysJson.of("k1", "k1"))));
      env.remove("JITGATE_SIGNING_KEYS");
      env.put("JITGATE_SIGNING_KEYS_KMS", KmsSettingsTest.CIPHERTEXT);
      env.put("JITGATE_SIGNING_KEYS_KMS_KEY", KmsSettingsTest.KEY_ARN);
      env.put("AWS_ENDPOINT_URL_KMS", "http://127.0.0.1:" + kms.port());

      AwsClients clients = clientsWithKmsAt(kms);

      AwsWiring wiring = wire(clients);
      wiring.priming().beforeCheckpoint(null);
      wiring.priming().afterRestore(null);
      wiring.priming().prime();

      kms.verify(
          com.github.tomakehurst.wiremock.client.WireMock.exactly(1),
          KmsSettingsTest.decryptRequested());
      assertThat(kms.getAllServeEvents()).hasSize(1);
      assertThat(trap.connections()).isZero();
      assertThat(storeCalls).isEmpty();
    } finally {
      kms.stop();
    }
  }

  private AwsClients clients() {
    AwsClients clients = AwsClients.fromEnvironment(new Environment(env::get));
    opened.add(clients);
    return clients;
  }

  /** The root as a deployment builds it, with a store that records any call and answers none. */
  private AwsWiring wire() {
    return wire(clients());
  }

  private AwsWiring wire(AwsClients clients) {
    return new AwsWiring(
        new Environment(env::get),
        Clock.systemUTC(),
        clients,
        c -> {
          c.dynamoDb();
          return recordingStore();
        },
        c -> List.of());
  }

  private Throwable failure() {
    Throwable thrown = catchThrowable(this::wire);
    assertThat(thrown).isInstanceOfAny(IllegalStateException.class, IllegalArgumentException.class);
    return thrown;
  }

  private RequestStore recordingStore() {
    return (RequestStore)
        Proxy.newProxyInstance(
            RequestStore.class.getClassLoader(),
            new Class<?>[] {RequestStore.class},
            (proxy, method, args) -> {
              storeCalls.add(method.getName());
              throw new IllegalStateException("priming must not reach the store");
            });
  }

  private static com.github.tomakehurst.wiremock.WireMockServer kmsStub() {
    com.github.tomakehurst.wiremock.WireMockServer kms =
        new com.github.tomakehurst.wiremock.WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort());
    kms.start();
    return kms;
  }

  /** Clients whose every endpoint is the trap but KMS's; static credentials, as Lambda's are. */
  private AwsClients clientsWithKmsAt(com.github.tomakehurst.wiremock.WireMockServer kms) {
    AwsClients clients =
        new AwsClients(
            software.amazon.awssdk.regions.Region.EU_WEST_1,
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                    "AKIDSTUBSTUBSTUBSTUB", "stub-secret")),
            Map.of("", trap.uri(""), "KMS", java.net.URI.create("http://127.0.0.1:" + kms.port())));
    opened.add(clients);
    return clients;
  }
}
