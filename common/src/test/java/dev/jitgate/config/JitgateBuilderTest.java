package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.auth.FrontDoorAuthenticator;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.port.Notifier;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.SigningKeysJson;
import dev.jitgate.token.ApprovalTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud-neutral settings every composition root reads, and the builder that assembles the
 * service and router from them. Every error names its variable and never repeats its value.
 */
class JitgateBuilderTest {
  private static final String POLICY = "policy/full.yaml";

  private final JdbcRequestStore store = JdbcStores.h2Memory("config-" + UUID.randomUUID());
  private final Map<String, String> env = environment();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void everySettingFromTheEnvironment_buildsAWorkingRouter() {
    Jitgate jitgate = build();

    assertThat(jitgate.policy().entitlements()).isNotEmpty();
    assertThat(jitgate.router().handle(get("/healthz")).status()).isEqualTo(200);
    assertThat(jitgate.router().handle(get("/api/v1/entitlements")).status()).isEqualTo(401);
    // SMTP mail and the policy's webhooks, each built on first use.
    assertThat(jitgate.notifiers()).extracting(Notifier::name).containsExactly("smtp", "webhook");
  }

  @Test
  void settingsGivenToTheBuilder_winOverTheEnvironment_andNeedNoEnvironment() {
    List<String> routed = new ArrayList<>();
    Jitgate jitgate =
        Jitgate.builder(Clock.systemUTC())
            .policy(PolicySetting.resource(POLICY, loader()).orElseThrow())
            .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock()))
            .auditKey(ServiceHarness.AUDIT_KEY)
            .baseUrl("http://127.0.0.1:8080")
            .store(store)
            .authenticator(request -> Caller.of("alice@example.com", "sre"))
            .route(
                "GET",
                "/local/grants",
                request -> {
                  routed.add(request.path());
                  return HttpResponse.json(200, "{}");
                })
            .build();

    assertThat(jitgate.router().handle(get("/api/v1/entitlements")).status()).isEqualTo(200);
    assertThat(jitgate.router().handle(get("/local/grants")).status()).isEqualTo(200);
    assertThat(routed).containsExactly("/local/grants");
    assertThat(jitgate.notifiers()).isEmpty();
  }

  @Test
  void withoutAStore_failsSayingSo() {
    Throwable thrown =
        catchThrowable(
            () ->
                Jitgate.builder(clock()).environment(new Environment(env::get), loader()).build());

    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
  }

  @Test
  void policyFile_isReadWhenTheVariableNamesOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    try (var in = loader().getResourceAsStream(POLICY)) {
      Files.write(file, in.readAllBytes());
    }
    env.put("JITGATE_POLICY", file.toString());

    assertThat(build().policy().entitlements()).isNotEmpty();
  }

  @Test
  void policyThatIsNowhere_failsNamingTheVariable() {
    env.put("JITGATE_POLICY", "no-such-policy.yaml");

    assertThat(failure()).hasMessageContaining("JITGATE_POLICY").hasMessageContaining("no-such");
  }

  @Test
  void missingBaseUrl_failsNamingTheVariable() {
    env.remove("JITGATE_BASE_URL");

    assertThat(failure())
        .hasMessage(
            "set the environment variable JITGATE_BASE_URL to the public URL that approval links"
                + " start with");
  }

  @Test
  void baseUrlThatIsNoHttpUrl_fails() {
    env.put("JITGATE_BASE_URL", "jit.example.com/approvals");

    assertThat(failure()).hasMessageContaining("JITGATE_BASE_URL must be an http(s) URL");
  }

  @Test
  void oidcWithoutIssuer_failsNamingTheVariable() {
    env.remove("JITGATE_OIDC_ISSUER");

    assertThat(failure()).hasMessageContaining("JITGATE_OIDC_ISSUER");
  }

  @Test
  void unknownAuthMode_failsListingTheChoices() {
    env.put("JITGATE_AUTH", "header");

    assertThat(failure()).hasMessageContaining("JITGATE_AUTH must be oidc");
  }

  @Test
  void platformFrontDoor_isChosenByItsModeWithTheConfiguredClaims() {
    env.put("JITGATE_AUTH", "test-door");
    env.put("JITGATE_OIDC_IDENTITY", "trusted-claim");
    env.put("JITGATE_OIDC_EMAIL_CLAIM", "upn");
    env.remove("JITGATE_OIDC_ISSUER");

    Jitgate jitgate =
        builder()
            .frontDoor("test-door", claims -> new FrontDoorAuthenticator(claims, "sign in"))
            .build();

    HttpRequest request =
        get("/api/v1/entitlements")
            .withFrontDoorClaims(Map.of("upn", "alice@example.com", "groups", List.of("sre")));
    assertThat(jitgate.router().handle(request).status()).isEqualTo(200);
    assertThat(jitgate.router().handle(get("/api/v1/entitlements")).status()).isEqualTo(401);
  }

  @Test
  void aCustomEmailClaimAlone_failsAtStart_sayingHowToVouchForIt() {
    // Issue 8, item 4: "upn" or "preferred_username" may be set by users (Entra's nOAuth).
    env.put("JITGATE_OIDC_EMAIL_CLAIM", "preferred_username");

    assertThat(failure())
        .hasMessageContaining("JITGATE_OIDC_EMAIL_CLAIM names preferred_username")
        .hasMessageContaining("JITGATE_OIDC_IDENTITY=trusted-claim")
        .hasMessageContaining("mapped-claim");
  }

  @Test
  void mappedClaimIdentity_needsTheClaimAndAMapOfAddresses() {
    env.put("JITGATE_OIDC_IDENTITY", "mapped-claim");
    assertThat(failure()).hasMessageContaining("JITGATE_OIDC_IDENTITY_CLAIM");

    env.put("JITGATE_OIDC_IDENTITY_CLAIM", "oid");
    env.put("JITGATE_OIDC_IDENTITY_MAP", "{\"u-1\":\"not an address\"}");
    assertThat(failure()).hasMessageContaining("JITGATE_OIDC_IDENTITY_MAP maps u-1");

    env.put("JITGATE_OIDC_IDENTITY_MAP", "{\"u-1\":\"alice@example.com\"}");
    env.put("JITGATE_AUTH", "test-door");
    Jitgate jitgate =
        builder()
            .frontDoor("test-door", claims -> new FrontDoorAuthenticator(claims, "sign in"))
            .build();
    HttpRequest request =
        get("/api/v1/entitlements")
            .withFrontDoorClaims(Map.of("oid", "u-1", "groups", List.of("sre")));
    assertThat(jitgate.router().handle(request).status()).isEqualTo(200);
  }

  @Test
  void unknownIdentityMode_failsListingTheChoices() {
    env.put("JITGATE_OIDC_IDENTITY", "whatever");

    assertThat(failure())
        .hasMessageContaining("JITGATE_OIDC_IDENTITY must be verified-email, trusted-claim or");
  }

  @Test
  void smtpMail_needsAHostAndBothHalvesOfALogin_andNoneNeedsNothing() {
    env.remove("JITGATE_SMTP_HOST");
    assertThat(failure()).hasMessageContaining("JITGATE_SMTP_HOST");

    env.put("JITGATE_SMTP_HOST", "smtp.example.com");
    env.put("JITGATE_SMTP_USERNAME", "jitgate");
    assertThat(failure()).hasMessageContaining("JITGATE_SMTP_PASSWORD");

    env.put("JITGATE_MAIL", "none");
    env.remove("JITGATE_MAIL_FROM");
    assertThat(build().notifiers()).extracting(Notifier::name).containsExactly("webhook");
  }

  @Test
  void unknownMailMode_failsListingTheChoices() {
    env.put("JITGATE_MAIL", "carrier-pigeon");

    assertThat(failure()).hasMessageContaining("JITGATE_MAIL must be smtp or none");
  }

  @Test
  void platformMail_isTheDefaultAndBuiltOnFirstUse() {
    env.remove("JITGATE_MAIL");
    List<String> built = new ArrayList<>();

    Jitgate jitgate =
        builder()
            .platformMail(
                "ses",
                (from, composer) -> {
                  built.add(from);
                  return new dev.jitgate.testing.RecordingNotifier();
                })
            .build();

    assertThat(jitgate.notifiers()).extracting(Notifier::name).containsExactly("ses", "webhook");
    assertThat(built).isEmpty();
    jitgate.notifiers().get(0).prepare();
    assertThat(built).containsExactly("jitgate@example.com");
  }

  @Test
  void webhookSecretMissing_failsAtStartNamingTheVariableAndWebhook() {
    env.remove("AUDIT_SINK_SECRET");

    assertThat(failure())
        .hasMessageContaining("AUDIT_SINK_SECRET")
        .hasMessageContaining("audit-sink");
  }

  @Test
  void signingKeysThatAreNotJson_failWithoutRepeatingTheValue() {
    env.put("JITGATE_SIGNING_KEYS", "k1:c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw==");

    Throwable thrown = failure();

    assertThat(thrown).hasMessageContaining("JITGATE_SIGNING_KEYS must be JSON like");
    assertThat(thrown.getMessage()).doesNotContain("c2VjcmV0");
    assertThat(thrown.getCause()).isNull();
  }

  @Test
  void signingKeyTooShort_failsNamingTheKeyOnly() {
    env.put("JITGATE_SIGNING_KEYS", "{\"active\":\"k1\",\"keys\":{\"k1\":\"c2hvcnQtc2VjcmV0\"}}");

    Throwable thrown = failure();

    assertThat(thrown).hasMessageContaining("unusable key k1").hasMessageContaining("32 bytes");
    assertThat(thrown.getMessage()).doesNotContain("c2hvcnQtc2VjcmV0");
  }

  @Test
  void activeKeyThatIsNotListed_fails() {
    env.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k3", "k1", "k2"));

    assertThat(failure()).hasMessageContaining("JITGATE_SIGNING_KEYS").hasMessageContaining("k3");
  }

  @Test
  void signingKeysWithAnUnknownField_fail() {
    String keys = SigningKeysJson.of("k1", "k1");
    env.put("JITGATE_SIGNING_KEYS", keys.replace("{\"active\"", "{\"previous\":\"k0\",\"active\""));

    assertThat(failure()).hasMessageContaining("JITGATE_SIGNING_KEYS must be JSON like");
  }

  @Test
  void auditKey_isRequiredAndNeverRepeatedInItsError() {
    env.remove("JITGATE_AUDIT_KEY");
    assertThat(failure()).hasMessageContaining("JITGATE_AUDIT_KEY");

    env.put("JITGATE_AUDIT_KEY", "c2hvcnQtYXVkaXQta2V5");
    Throwable thrown = failure();
    assertThat(thrown).hasMessageContaining("JITGATE_AUDIT_KEY must hold at least 32 bytes");
    assertThat(thrown.getMessage()).doesNotContain("c2hvcnQtYXVkaXQta2V5");
  }

  @Test
  void blankVariable_countsAsUnset() {
    env.put("JITGATE_BASE_URL", "   ");

    assertThat(failure()).hasMessageContaining("set the environment variable JITGATE_BASE_URL");
  }

  private JitgateBuilder builder() {
    return Jitgate.builder(clock()).environment(new Environment(env::get), loader()).store(store);
  }

  private Jitgate build() {
    return builder().build();
  }

  private Throwable failure() {
    Throwable thrown = catchThrowable(this::build);
    assertThat(thrown).isInstanceOfAny(IllegalStateException.class, IllegalArgumentException.class);
    return thrown;
  }

  private static HttpRequest get(String path) {
    return new HttpRequest("GET", path, Map.of(), Map.of(), new byte[0]);
  }

  private static Clock clock() {
    return Clock.systemUTC();
  }

  private static ClassLoader loader() {
    return JitgateBuilderTest.class.getClassLoader();
  }

  /** A complete environment with SMTP mail and both webhook secrets; tests then change it. */
  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("JITGATE_POLICY", POLICY);
    env.put("JITGATE_BASE_URL", "https://jitgate.example.com");
    env.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k2", "k1", "k2"));
    env.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    env.put("JITGATE_AUTH", "oidc");
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/jwks");
    env.put("JITGATE_MAIL", "smtp");
    env.put("JITGATE_MAIL_FROM", "jitgate@example.com");
    env.put("JITGATE_SMTP_HOST", "smtp.example.com");
    env.put("SRE_CHAT_SECRET", "a-webhook-secret-of-some-length");
    env.put("AUDIT_SINK_SECRET", "another-webhook-secret-of-length");
    return env;
  }
}
