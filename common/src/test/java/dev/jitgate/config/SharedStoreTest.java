package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.policy.Policy;
import dev.jitgate.port.PolicyLedger;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.SigningKeysJson;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments that share a store run one policy: the store keeps the digest of the last one, a
 * deployment with another refuses to start unless told to take over. And the choice of store.
 */
class SharedStoreTest {
  private static final String ONE_APPROVER = ServiceHarness.POLICY;
  private static final String TWO_APPROVERS =
      ServiceHarness.POLICY.replace("approvals: 1", "approvals: 2");

  private final JdbcRequestStore store = JdbcStores.h2Memory("shared-" + UUID.randomUUID());
  private final Map<String, String> env = new HashMap<>();

  SharedStoreTest() {
    env.put("JITGATE_BASE_URL", "https://jitgate.example.com");
    env.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1"));
    env.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/jwks");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Jitgate start(String deployment, String policyYaml) {
    return Jitgate.builder(Clock.systemUTC())
        .environment(new Environment(env::get), getClass().getClassLoader())
        .policy(Policy.parse(policyYaml, deployment + "/policy.yaml"))
        .sharedStore(store)
        .deployment(deployment)
        .build();
  }

  @Test
  void deploymentsWithTheSamePolicy_allStart_andTheLedgerNamesTheFirst() {
    start("aws", ONE_APPROVER);
    start("azure", ONE_APPROVER);
    start("gcp", ONE_APPROVER);

    PolicyLedger.Entry entry = store.recordedPolicy().orElseThrow();
    assertThat(entry.deployment()).isEqualTo("aws");
    assertThat(entry.digest()).isEqualTo(Policy.parse(ONE_APPROVER, "x").digest());
  }

  @Test
  void deploymentWithAnotherPolicy_refusesToStart_namingBothDigestsAndTheOtherDeployment() {
    start("aws", ONE_APPROVER);

    assertThatThrownBy(() -> start("azure", TWO_APPROVERS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("differs from the one the shared store last saw")
        .hasMessageContaining("'aws'")
        .hasMessageContaining(Policy.parse(ONE_APPROVER, "x").digest().substring(0, 12))
        .hasMessageContaining(Policy.parse(TWO_APPROVERS, "x").digest().substring(0, 12))
        .hasMessageContaining("JITGATE_POLICY_TAKEOVER");
    assertThat(store.recordedPolicy().orElseThrow().deployment()).isEqualTo("aws");
  }

  @Test
  void takeOver_recordsTheNewPolicy_andThenTheOldOneCannotStartAgain() {
    start("aws", ONE_APPROVER);
    env.put("JITGATE_POLICY_TAKEOVER", "true");

    start("azure", TWO_APPROVERS);
    env.remove("JITGATE_POLICY_TAKEOVER");

    assertThat(store.recordedPolicy().orElseThrow().deployment()).isEqualTo("azure");
    assertThatThrownBy(() -> start("aws", ONE_APPROVER))
        .hasMessageContaining("recorded by deployment 'azure'");
    start("gcp", TWO_APPROVERS);
  }

  @Test
  void deploymentWithAnotherAuditKey_refusesToStart_evenWhenToldToTakeOver() {
    start("aws", ONE_APPROVER);
    String ours = store.recordedPolicy().orElseThrow().auditKeyFingerprint();
    env.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    env.put("JITGATE_POLICY_TAKEOVER", "true");

    assertThatThrownBy(() -> start("azure", ONE_APPROVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit key")
        .hasMessageContaining(ours.substring(0, 12))
        .hasMessageContaining("'aws'");
    assertThatThrownBy(() -> start("azure", TWO_APPROVERS)).hasMessageContaining("audit key");
    assertThat(store.recordedPolicy().orElseThrow().deployment()).isEqualTo("aws");
  }

  @Test
  void auditKeyFingerprint_tellsKeysApart_andIsNoSeal() {
    var one =
        dev.jitgate.config.AuditKeySetting.parse(
            new Environment(env::get), SigningKeysJson.auditKey());
    var same =
        dev.jitgate.config.AuditKeySetting.parse(
            new Environment(env::get), env.get("JITGATE_AUDIT_KEY"));
    var again =
        dev.jitgate.config.AuditKeySetting.parse(
            new Environment(env::get), env.get("JITGATE_AUDIT_KEY"));

    assertThat(same.fingerprint()).isEqualTo(again.fingerprint()).hasSize(32);
    assertThat(one.fingerprint()).isNotEqualTo(same.fingerprint());
  }

  @Test
  void deploymentVariable_namesTheDeploymentInTheLedger() {
    env.put("JITGATE_DEPLOYMENT", "aws-eu-west-1");

    start("aws", ONE_APPROVER);

    assertThat(store.recordedPolicy().orElseThrow().deployment()).isEqualTo("aws-eu-west-1");
  }

  @Test
  void storeUsedByOneDeployment_keepsNoLedgerEntry() {
    Jitgate.builder(Clock.systemUTC())
        .environment(new Environment(env::get), getClass().getClassLoader())
        .policy(Policy.parse(ONE_APPROVER, "p"))
        .store(store)
        .build();

    assertThat(store.recordedPolicy()).isEmpty();
  }

  @Test
  void ledger_compareAndSet_letsOneOfTwoWritersWin() {
    PolicyLedger.Entry a = new PolicyLedger.Entry("a".repeat(64), "aws", java.time.Instant.EPOCH);
    PolicyLedger.Entry b = new PolicyLedger.Entry("b".repeat(64), "gcp", java.time.Instant.EPOCH);

    assertThat(store.recordPolicy(a, java.util.Optional.empty())).isTrue();
    assertThat(store.recordPolicy(b, java.util.Optional.empty())).isFalse();
    assertThat(store.recordPolicy(b, java.util.Optional.of(a))).isTrue();
    assertThat(store.recordPolicy(a, java.util.Optional.of(a))).isFalse();
    assertThat(store.recordedPolicy()).contains(b);
  }

  @Test
  void nativeStore_isTheDefault_andPostgresqlIsBuiltOnlyWhenChosen() {
    AtomicInteger built = new AtomicInteger();
    StoreSetting.Choice choice =
        StoreSetting.read(
            new Environment(env::get),
            "firestore",
            () -> {
              built.incrementAndGet();
              return store;
            });

    assertThat(choice.store()).isSameAs(store);
    assertThat(choice.shared()).isFalse();
    assertThat(built).hasValue(1);
  }

  @Test
  void unknownStore_failsListingTheChoices() {
    env.put("JITGATE_STORE", "mysql");

    assertThatThrownBy(() -> StoreSetting.read(new Environment(env::get), "table", () -> store))
        .hasMessageContaining("JITGATE_STORE")
        .hasMessageContaining("table or postgresql");
  }

  @Test
  void postgresqlUrl_withoutVerifiedTls_isRefused_withoutRepeatingTheUrl() {
    env.put("JITGATE_STORE", "postgresql");
    env.put("JITGATE_JDBC_USER", "jitgate");
    env.put("JITGATE_JDBC_PASSWORD", "s3cret-pw");
    for (String url :
        new String[] {
          "jdbc:postgresql://db.example.com:5432/jitgate?password=leaked",
          "jdbc:postgresql://db.example.com:5432/jitgate?sslmode=require&password=leaked",
          "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-ca&password=leaked",
          "jdbc:postgresql://db.example.com/jitgate?sslmode=verify-full"
              + "&sslfactory=org.postgresql.ssl.NonValidatingFactory&password=leaked",
          "jdbc:mysql://db.example.com/jitgate?password=leaked"
        }) {
      env.put("JITGATE_JDBC_URL", url);

      assertThatThrownBy(
              () -> StoreSetting.read(new Environment(env::get), "dynamodb", () -> store))
          .hasMessageContaining("JITGATE_JDBC_URL")
          .hasMessageNotContaining("leaked")
          .hasMessageNotContaining("db.example.com");
    }
  }

  @Test
  void postgresqlSettings_missingOne_failsNamingIt() {
    env.put("JITGATE_STORE", "postgresql");

    assertThatThrownBy(() -> StoreSetting.read(new Environment(env::get), "table", () -> store))
        .hasMessageContaining("JITGATE_JDBC_URL");
  }
}
