package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.auth.FrontDoorAuthenticator;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.token.ApprovalTokens;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code JITGATE_CONSOLE_SIGN_IN} and the OIDC client settings, read by the builder. */
class ConsoleSettingTest {
  private static final Map<String, Object> CAROL =
      Map.of("email", "carol@example.com", "email_verified", true, "sub", "carol");

  private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  private final JdbcRequestStore store = JdbcStores.h2Memory("console-" + UUID.randomUUID());
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void close() {
    store.close();
  }

  private Jitgate build() {
    return Jitgate.builder(clock)
        .environment(new Environment(env::get), getClass().getClassLoader())
        .policy(Policy.parse(ServiceHarness.POLICY, "test"))
        .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock))
        .auditKey(ServiceHarness.AUDIT_KEY)
        .baseUrl("https://jit.example.com")
        .store(store)
        .frontDoor("iap", claims -> new FrontDoorAuthenticator(claims, "sign in through IAP"))
        .build();
  }

  @Test
  void behindAFrontDoor_theConsoleUsesItsClaims_andStillWantsTheCsrfToken() {
    env.put("JITGATE_AUTH", "iap");
    Jitgate jitgate = build();
    HttpRequest page =
        HttpRequest.of("GET", "/console/", null, Map.of(), null).withFrontDoorClaims(CAROL);

    HttpResponse catalogue = jitgate.router().handle(page);
    HttpResponse forged = jitgate.router().handle(form("decision=approve", CAROL));
    Matcher token =
        Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(catalogue.bodyText());

    assertThat(catalogue.status()).isEqualTo(200);
    assertThat(catalogue.header("Set-Cookie")).isNull();
    assertThat(catalogue.bodyText()).contains("carol@example.com").doesNotContain("Sign out");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(token.find()).isFalse();
    assertThat(
            jitgate
                .router()
                .handle(HttpRequest.of("GET", "/console/", null, Map.of(), null))
                .status())
        .isEqualTo(401);
  }

  @Test
  void oidcMode_withoutTheEndpoints_servesAPageThatNamesThem() {
    oidcApi();
    HttpResponse page =
        build().router().handle(HttpRequest.of("GET", "/console/", null, Map.of(), null));

    assertThat(page.status()).isEqualTo(503);
    assertThat(page.bodyText())
        .contains("JITGATE_OIDC_AUTHORIZATION_ENDPOINT", "JITGATE_OIDC_TOKEN_ENDPOINT");
  }

  @Test
  void oidcMode_withTheEndpoints_redirectsToTheProvider_withThePublicCallback() {
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate-api");
    env.put("JITGATE_OIDC_CLIENT_ID", "jitgate-console");
    env.put("JITGATE_OIDC_CLIENT_SECRET", "s3cret-value");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/keys");
    env.put("JITGATE_OIDC_AUTHORIZATION_ENDPOINT", "https://id.example.com/authorize");
    env.put("JITGATE_OIDC_TOKEN_ENDPOINT", "https://id.example.com/token");

    HttpResponse login =
        build().router().handle(HttpRequest.of("GET", "/console/login", null, Map.of(), null));

    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Location"))
        .startsWith("https://id.example.com/authorize?")
        .contains("client_id=jitgate-console")
        .contains("redirect_uri=https%3A%2F%2Fjit.example.com%2Fconsole%2Fcallback")
        .doesNotContain("s3cret");
  }

  @Test
  void anEndpointOverPlainHttp_isRefused_byName() {
    env.put("JITGATE_CONSOLE_SIGN_IN", "oidc");
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/keys");
    env.put("JITGATE_OIDC_AUTHORIZATION_ENDPOINT", "http://id.example.com/authorize");
    env.put("JITGATE_OIDC_TOKEN_ENDPOINT", "https://id.example.com/token");

    assertThatThrownBy(this::build)
        .hasMessageContaining("JITGATE_OIDC_AUTHORIZATION_ENDPOINT")
        .hasMessageContaining("https");
  }

  @Test
  void aSessionLongerThan12Hours_isRefused_byName() {
    env.put("JITGATE_AUTH", "iap");
    env.put("JITGATE_CONSOLE_SIGN_IN", "oidc");
    env.put("JITGATE_CONSOLE_SESSION", "PT13H");
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/keys");
    env.put("JITGATE_OIDC_AUTHORIZATION_ENDPOINT", "https://id.example.com/authorize");
    env.put("JITGATE_OIDC_TOKEN_ENDPOINT", "https://id.example.com/token");

    assertThatThrownBy(this::build).hasMessageContaining("JITGATE_CONSOLE_SESSION");
  }

  @Test
  void consoleOff_leavesConsolePathsToTheApi() {
    oidcApi();
    env.put("JITGATE_CONSOLE_SIGN_IN", "off");

    HttpResponse page =
        build().router().handle(HttpRequest.of("GET", "/console/", null, Map.of(), null));

    assertThat(page.status()).isEqualTo(404);
    assertThat(page.header("Content-Type")).startsWith("application/json");
  }

  /** The API's own bearer-token settings, which oidc mode needs whatever the console does. */
  private void oidcApi() {
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", "https://id.example.com/keys");
  }

  private static HttpRequest form(String body, Map<String, Object> claims) {
    return HttpRequest.of(
            "POST",
            "/console/new",
            null,
            Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
            body.getBytes(StandardCharsets.UTF_8))
        .withFrontDoorClaims(claims);
  }
}
