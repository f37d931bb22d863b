package dev.jitgate.azure;

import dev.jitgate.auth.FrontDoorAuthenticator;
import dev.jitgate.config.AuditKeySetting;
import dev.jitgate.config.AuthSetting;
import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.config.SigningKeysSetting;
import dev.jitgate.config.StoreSetting;
import dev.jitgate.http.Router;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The composition root of the Azure functions: the Table storage store and the PIM and RBAC
 * providers, handed to the common {@link dev.jitgate.config.JitgateBuilder}, which reads every
 * cloud-neutral setting. Both functions take the same app settings; {@code README.md} ("Deploy on
 * Azure") lists them. The signing and audit keys arrive as app settings that App Service resolves
 * from Key Vault references. Nothing here opens a connection.
 */
public final class AzureWiring {
  /** {@code JITGATE_AUTH} for App Service authentication's {@code X-MS-CLIENT-PRINCIPAL}. */
  public static final String APP_SERVICE_AUTH = "app-service";

  /** {@code JITGATE_STORE} for Table storage, the default. */
  public static final String NATIVE_STORE = "table";

  private static final String KEY_VAULT_REFERENCE = "@Microsoft.KeyVault(";

  /** The secrets jitgate reads by name, which Terraform delivers as Key Vault references. */
  private static final List<String> SECRET_SETTINGS =
      List.of(
          SigningKeysSetting.NAME,
          AuditKeySetting.NAME,
          "JITGATE_SMTP_PASSWORD",
          StoreSetting.PASSWORD,
          StoreSetting.URL);

  private static AzureWiring instance;

  private final Clock clock;
  private final Jitgate jitgate;
  private final boolean trustsClientPrincipal;

  /**
   * A root on the providers given, for embedding and tests; a worker uses {@link #instance()}.
   * Every cloud-neutral setting, and the choice of store, still comes from {@code env}.
   *
   * @param tables the Table storage store, built only when {@code JITGATE_STORE} does not choose
   *     the shared PostgreSQL store
   */
  public AzureWiring(
      Environment env, Clock clock, Supplier<RequestStore> tables, List<AccessProvider> providers) {
    this.clock = clock;
    requireResolvedKeyVaultReferences(env);
    this.trustsClientPrincipal =
        env.get(AuthSetting.NAME, AuthSetting.OIDC)
            .toLowerCase(Locale.ROOT)
            .equals(APP_SERVICE_AUTH);
    this.jitgate =
        Jitgate.builder(clock)
            .environment(env, AzureWiring.class.getClassLoader())
            .nativeStore(NATIVE_STORE, tables)
            .deployment("azure")
            .providers(providers)
            .frontDoor(
                APP_SERVICE_AUTH,
                claims ->
                    new FrontDoorAuthenticator(
                        claims, "sign in through the function app's App Service authentication"))
            .build();
  }

  /**
   * The root of this worker process, built from its app settings on first use and then shared by
   * every handler instance (the Java worker may make one per call). A failed start is not cached:
   * the next call tries again and reports the same clear error, not a class-initialisation one.
   */
  public static synchronized AzureWiring instance() {
    if (instance == null) {
      Environment env = Environment.system();
      System.getenv().entrySet().stream()
          .filter(setting -> isKeyVaultReference(setting.getValue()))
          .findFirst()
          .ifPresent(
              setting -> {
                throw unresolved(env, setting.getKey());
              });
      instance = fromEnvironment(env, Clock.systemUTC());
    }
    return instance;
  }

  /** The Table storage store and the Azure providers, configured by {@code env}. */
  static AzureWiring fromEnvironment(Environment env, Clock clock) {
    AzureClients clients = AzureClients.fromEnvironment(env);
    return new AzureWiring(
        env,
        clock,
        () -> AzureStores.fromEnvironment(env, clients, clock),
        clients.providers(clock));
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

  /**
   * True when {@code JITGATE_AUTH=app-service}: the API believes App Service's principal header.
   */
  public boolean trustsClientPrincipal() {
    return trustsClientPrincipal;
  }

  /**
   * App Service leaves a Key Vault reference as its literal text when it cannot resolve it (the
   * identity lacks access, or the secret is gone): say so, instead of using the reference's text as
   * a key or password. The settings jitgate reads by name are checked here; {@link #instance()}
   * also checks every other variable of the process, such as webhook secrets.
   */
  private static void requireResolvedKeyVaultReferences(Environment env) {
    for (String name : SECRET_SETTINGS) {
      if (env.optional(name).filter(AzureWiring::isKeyVaultReference).isPresent()) {
        throw unresolved(env, name);
      }
    }
  }

  private static boolean isKeyVaultReference(String value) {
    return value.strip().startsWith(KEY_VAULT_REFERENCE);
  }

  private static IllegalStateException unresolved(Environment env, String name) {
    return env.invalid(
        name,
        "is a Key Vault reference that App Service could not resolve: give the function's"
            + " identity 'Key Vault Secrets User' on the secret and set the app's"
            + " key_vault_reference_identity_id to it");
  }
}
