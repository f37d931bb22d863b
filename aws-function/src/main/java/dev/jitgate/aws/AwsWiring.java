package dev.jitgate.aws;

import dev.jitgate.aws.notify.SesNotifier;
import dev.jitgate.config.AuditKeySetting;
import dev.jitgate.config.AuthSetting;
import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.config.JitgateBuilder;
import dev.jitgate.config.StoreSetting;
import dev.jitgate.http.Router;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.crac.Core;

/**
 * The composition root of the AWS functions: the DynamoDB store, the Identity Center and STS
 * providers and SES mail, handed to the common {@link dev.jitgate.config.JitgateBuilder}, which
 * reads every cloud-neutral setting. Both functions (API and sweep) take the same environment;
 * {@code docs/operations.md} lists it. The AWS part is {@code AWS_REGION}, {@code JITGATE_TABLE},
 * {@code JITGATE_MAIL=ses} (the default), {@code JITGATE_AWS_ROLE_BOUNDARY_ARN}, the signing keys
 * as a KMS ciphertext ({@code JITGATE_SIGNING_KEYS_KMS}, see {@link KmsSettings}) and, for tests
 * against local servers only, {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}.
 * Nothing here opens a connection, except the one KMS Decrypt of the signing keys when they are
 * given encrypted.
 */
public final class AwsWiring {
  /** {@code JITGATE_STORE} for DynamoDB, the default. */
  public static final String NATIVE_STORE = "dynamodb";

  private static AwsWiring instance;

  private final Clock clock;
  private final Jitgate jitgate;
  private final SnapStartPriming priming;

  /**
   * A root on the clients and providers given, for embedding and tests; a function instance uses
   * {@link #instance()}. Every cloud-neutral setting, and the choice of store, still comes from
   * {@code env}.
   *
   * @param stores builds the DynamoDB store from the clients, called only when {@code
   *     JITGATE_STORE} does not choose the shared PostgreSQL store
   * @param providers builds the access providers from the clients
   */
  public AwsWiring(
      Environment env,
      Clock clock,
      AwsClients clients,
      Function<AwsClients, RequestStore> stores,
      Function<AwsClients, List<AccessProvider>> providers) {
    this.clock = clock;
    JitgateBuilder builder = Jitgate.builder(clock);
    // With a ciphertext, the one KMS call of the start; otherwise the builder reads the plain
    // variable and nothing connects.
    KmsSettings.signingKeys(env, clients::kms, clock).ifPresent(builder::tokens);
    KmsSettings.decrypted(env, AuditKeySetting.NAME, clients::kms)
        .map(key -> AuditKeySetting.parse(env, key))
        .ifPresent(builder::auditKey);
    this.jitgate =
        builder
            .environment(withJdbcPassword(env, clients), AwsWiring.class.getClassLoader())
            .nativeStore(NATIVE_STORE, () -> stores.apply(clients))
            .deployment("aws")
            .providers(providers.apply(clients))
            // Behind API Gateway's JWT authorizer the function still verifies the bearer token:
            // anyone allowed lambda:InvokeFunction could otherwise hand it made-up claims.
            .frontDoor("apigateway-jwt", claims -> AuthSetting.oidc(env, clock))
            .platformMail(
                "ses", (from, composer) -> new SesNotifier(clients.sesV2(), from, composer))
            .build();
    this.priming =
        new SnapStartPriming(
            jitgate.router(), jitgate.policy(), jitgate.notifiers(), clients::buildProviderClients);
  }

  /**
   * The environment, with the shared store's password decrypted when it is given as a KMS
   * ciphertext ({@code JITGATE_JDBC_PASSWORD_KMS}, as Terraform delivers it from Secrets Manager).
   */
  static Environment withJdbcPassword(Environment env, AwsClients clients) {
    return KmsSettings.decrypted(env, StoreSetting.PASSWORD, clients::kms)
        .map(
            password ->
                new Environment(
                    name ->
                        name.equals(StoreSetting.PASSWORD) ? password : env.lookup().apply(name)))
        .orElse(env);
  }

  /**
   * The root of this function instance, built from the process environment on first use, with its
   * SnapStart priming registered.
   */
  public static synchronized AwsWiring instance() {
    if (instance == null) {
      AwsWiring wiring = fromEnvironment(Environment.system(), Clock.systemUTC());
      // The global context holds resources weakly; this root keeps its priming alive.
      Core.getGlobalContext().register(wiring.priming);
      instance = wiring;
    }
    return instance;
  }

  /** A root with the DynamoDB store and the AWS providers, configured by {@code env}. */
  static AwsWiring fromEnvironment(Environment env, Clock clock) {
    AwsClients clients = AwsClients.fromEnvironment(env);
    return new AwsWiring(
        env,
        clock,
        clients,
        c -> AwsStores.fromEnvironment(c, env),
        c -> AwsProviders.fromEnvironment(c, env, clock));
  }

  public Router router() {
    return jitgate.router();
  }

  public AccessService service() {
    return jitgate.service();
  }

  public Clock clock() {
    return clock;
  }

  Policy policy() {
    return jitgate.policy();
  }

  SnapStartPriming priming() {
    return priming;
  }
}
