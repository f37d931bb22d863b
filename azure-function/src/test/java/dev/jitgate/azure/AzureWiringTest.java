package dev.jitgate.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.config.Environment;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.testing.SigningKeysJson;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Azure composition root: its app settings, and what it refuses at start. */
class AzureWiringTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final Map<String, String> settings = new HashMap<>();
  private final AtomicInteger tablesBuilt = new AtomicInteger();
  private final Supplier<RequestStore> tables =
      () -> {
        tablesBuilt.incrementAndGet();
        return harness.store;
      };

  AzureWiringTest() {
    settings.put("JITGATE_POLICY", "policy/azure-test-policy.yaml");
    settings.put("JITGATE_BASE_URL", "https://jitgate-prod.azurewebsites.net");
    settings.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1"));
    settings.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    settings.put("JITGATE_OIDC_ISSUER", "https://login.microsoftonline.com/t/v2.0");
    settings.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    settings.put("JITGATE_OIDC_JWKS_URI", "https://login.microsoftonline.com/t/discovery/keys");
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private AzureWiring start() {
    return new AzureWiring(new Environment(settings::get), Clock.systemUTC(), tables, List.of());
  }

  @Test
  void defaults_useTableStorage_andBelieveNoPrincipalHeader() {
    AzureWiring wiring = start();

    assertThat(tablesBuilt).hasValue(1);
    assertThat(wiring.trustsClientPrincipal()).isFalse();
  }

  @Test
  void appServiceAuthentication_believesThePrincipalHeader() {
    settings.put("JITGATE_AUTH", "app-service");

    assertThat(start().trustsClientPrincipal()).isTrue();
  }

  @Test
  void unresolvedKeyVaultReference_isRefusedNamingTheSettingAndWhatToGrant() {
    String reference =
        "@Microsoft.KeyVault(SecretUri=https://jitgate-kv.vault.azure.net/secrets/signing-keys/)";
    for (String name :
        List.of("JITGATE_SIGNING_KEYS", "JITGATE_AUDIT_KEY", "JITGATE_SMTP_PASSWORD")) {
      Map<String, String> saved = new HashMap<>(settings);
      settings.put(name, reference);

      assertThatThrownBy(this::start)
          .hasMessageContaining(name)
          .hasMessageContaining("Key Vault Secrets User")
          .hasMessageNotContaining("jitgate-kv");
      settings.clear();
      settings.putAll(saved);
    }
    assertThat(tablesBuilt).hasValue(0);
  }

  @Test
  void tableName_thatAzureRefuses_failsNamingTheSetting() {
    settings.put("JITGATE_TABLES_CONNECTION_STRING", "UseDevelopmentStorage=true");
    settings.put("JITGATE_TABLE", "jitgate-requests");
    Environment env = new Environment(settings::get);

    assertThatThrownBy(
            () ->
                AzureStores.fromEnvironment(
                    env, AzureClients.fromEnvironment(env), Clock.systemUTC()))
        .hasMessageContaining("JITGATE_TABLE");
  }
}
