package dev.jitgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.config.Jitgate;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.CodeFlowProvider;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.token.ApprovalTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's OIDC sign-in against a loopback identity provider whose token endpoint checks the
 * PKCE verifier: the whole code flow, and the ways it must refuse.
 */
class OidcCodeFlowTest {
  static final String POLICY =
      """
      groups:
        sre: [alice@example.com]
        leads: [carol@example.com]
      entitlements:
        - id: gcp-sandbox-editor
          grant: {kind: gcp.iam-binding, resource: projects/acme-sandbox, role: roles/editor}
          requesters: [group:sre]
          approvers: [group:leads]
          approvals: 1
          duration: {default: PT15M, min: PT1M, max: PT1H}
      """;
  private static final Pattern COOKIE = Pattern.compile("__Host-jitgate=([^;]*)");

  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final JdbcRequestStore store = JdbcStores.h2Memory("console-" + UUID.randomUUID());
  private final HttpClient http = HttpClient.newHttpClient();
  private CodeFlowProvider idp;
  private Router router;

  @BeforeEach
  void start() throws Exception {
    idp = new CodeFlowProvider();
    OidcCodeFlow.Client client =
        new OidcCodeFlow.Client(
            idp.authorizationEndpoint(),
            idp.tokenEndpoint(),
            IdentityProviderStub.AUDIENCE,
            Optional.empty(),
            URI.create("https://jit.example.com/console/callback"));
    OidcAuthenticator idTokens =
        new OidcAuthenticator(
            OidcSettings.of(
                URI.create(IdentityProviderStub.ISSUER),
                IdentityProviderStub.AUDIENCE,
                idp.keys().jwksUri()),
            clock);
    Jitgate jitgate =
        Jitgate.builder(clock)
            .policy(Policy.parse(POLICY, "test"))
            .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock))
            .auditKey(ServiceHarness.AUDIT_KEY)
            .baseUrl("https://jit.example.com")
            .store(store)
            .authenticator(idTokens)
            .consoleSignIn(setup -> new OidcCodeFlow(setup, client, idTokens, Duration.ofHours(1)))
            .build();
    router = jitgate.router();
  }

  @AfterEach
  void stop() {
    idp.close();
    store.close();
  }

  @Test
  void signIn_throughTheCodeFlowWithPkce_startsASession() throws Exception {
    String session = signIn();

    HttpResponse catalogue = router.handle(get("/console/", session));

    assertThat(catalogue.status()).isEqualTo(200);
    assertThat(catalogue.bodyText()).contains("alice@example.com", "gcp-sandbox-editor");
    Map<String, String> redeemed = idp.tokenRequests().get(0);
    assertThat(redeemed)
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("redirect_uri", "https://jit.example.com/console/callback")
        .containsKey("code_verifier");
  }

  @Test
  void login_setsAHostOnlySecureCookie_andSendsAnS256Challenge() {
    HttpResponse login = router.handle(get("/console/login", null));

    assertThat(login.status()).isEqualTo(302);
    assertThat(login.header("Set-Cookie"))
        .startsWith("__Host-jitgate=")
        .contains("Path=/", "HttpOnly", "SameSite=Lax", "Secure")
        .doesNotContain("Domain");
    assertThat(login.header("Location"))
        .startsWith(idp.authorizationEndpoint().toString())
        .contains("code_challenge_method=S256", "code_challenge=", "nonce=", "state=");
  }

  @Test
  void callback_withATamperedState_isRefused_andStartsNoSession() throws Exception {
    HttpResponse login = router.handle(get("/console/login", null));
    URI back = authorize(login);
    String tampered = back.getRawQuery().replaceAll("state=[^&]*", "state=forged");

    HttpResponse callback = router.handle(get("/console/callback?" + tampered, cookie(login)));

    assertThat(callback.status()).isEqualTo(400);
    assertThat(callback.bodyText()).contains("state does not match");
    assertThat(callback.header("Set-Cookie")).isNull();
    assertThat(idp.tokenRequests()).isEmpty();
  }

  @Test
  void callback_withACodeIssuedForAnotherVerifier_isRefusedByTheTokenEndpoint() throws Exception {
    // Given two sign-ins, and the code of the second injected into the first's callback.
    HttpResponse first = router.handle(get("/console/login", null));
    URI firstBack = authorize(first);
    HttpResponse second = router.handle(get("/console/login", null));
    URI secondBack = authorize(second);
    String state = param(firstBack, "state");
    String foreignCode = param(secondBack, "code");

    HttpResponse callback =
        router.handle(
            get("/console/callback?code=" + foreignCode + "&state=" + state, cookie(first)));

    // Then the provider refuses the verifier, and no session starts.
    assertThat(callback.status()).isEqualTo(401);
    assertThat(callback.bodyText()).contains("did not accept the sign-in");
    assertThat(callback.header("Set-Cookie")).isNull();
    assertThat(idp.tokenRequests()).hasSize(1);
  }

  @Test
  void anExpiredSession_isSentToSignInAgain() throws Exception {
    String session = signIn();
    assertThat(router.handle(get("/console/requests", session)).status()).isEqualTo(200);

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    HttpResponse later = router.handle(get("/console/requests", session));

    assertThat(later.status()).isEqualTo(303);
    assertThat(later.header("Location")).startsWith("/console/login?next=");
  }

  @Test
  void aPostWithoutTheCsrfToken_isRefused_andChangesNothing() throws Exception {
    String session = signIn();
    String form = "entitlement=gcp-sandbox-editor&duration=PT15M&justification=x";

    HttpResponse forged = router.handle(post("/console/new", session, form));

    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.bodyText()).contains("Form expired");
    assertThat(store.byRequester(new dev.jitgate.domain.UserId("alice@example.com"), 10)).isEmpty();

    // With the token from the page, the same form goes through.
    String page =
        router.handle(get("/console/new?entitlement=gcp-sandbox-editor", session)).bodyText();
    Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(token.find()).isTrue();
    HttpResponse sent =
        router.handle(post("/console/new", session, form + "&csrf=" + token.group(1)));
    assertThat(sent.status()).isEqualTo(303);
    assertThat(store.byRequester(new dev.jitgate.domain.UserId("alice@example.com"), 10))
        .hasSize(1);
  }

  @Test
  void aCsrfTokenOfAnotherSession_isRefused() throws Exception {
    String mine = signIn();
    String theirs = signIn();
    String page = router.handle(get("/console/", theirs)).bodyText();
    Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(token.find()).isTrue();

    HttpResponse forged =
        router.handle(
            post(
                "/console/new",
                mine,
                "entitlement=gcp-sandbox-editor&duration=PT15M&csrf=" + token.group(1)));

    assertThat(forged.status()).isEqualTo(403);
  }

  /** Signs in through the whole flow and returns the session cookie's value. */
  private String signIn() throws Exception {
    HttpResponse login = router.handle(get("/console/login", null));
    URI back = authorize(login);
    HttpResponse callback =
        router.handle(get("/console/callback?" + back.getRawQuery(), cookie(login)));
    assertThat(callback.status()).as(callback.bodyText()).isEqualTo(303);
    return cookie(callback);
  }

  /** Follows the login's redirect to the provider, which redirects back with a code. */
  private URI authorize(HttpResponse login) throws Exception {
    java.net.http.HttpResponse<String> answer =
        http.send(
            java.net.http.HttpRequest.newBuilder(URI.create(login.header("Location"))).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(302);
    return URI.create(answer.headers().firstValue("Location").orElseThrow());
  }

  private static String param(URI uri, String name) {
    return HttpRequest.parseQuery(uri.getRawQuery()).get(name);
  }

  private static String cookie(HttpResponse response) {
    Matcher m = COOKIE.matcher(response.header("Set-Cookie"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpRequest get(String pathAndQuery, String cookie) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    Map<String, List<String>> headers =
        cookie == null ? Map.of() : Map.of("Cookie", List.of("__Host-jitgate=" + cookie));
    return HttpRequest.of("GET", path, query, headers, null);
  }

  private static HttpRequest post(String path, String cookie, String form) {
    return HttpRequest.of(
        "POST",
        path,
        null,
        Map.of(
            "Cookie", List.of("__Host-jitgate=" + cookie),
            "Content-Type", List.of("application/x-www-form-urlencoded")),
        form.getBytes(StandardCharsets.UTF_8));
  }
}
