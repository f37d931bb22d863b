package dev.jitgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.FrontDoorAuthenticator;
import dev.jitgate.config.Jitgate;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.RecordingAccessProvider;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.token.ApprovalTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's pages through the router, with the development sign-in: what they show, what they
 * refuse, how many store queries they make, and how large they get.
 */
class ConsolePagesTest {
  private static final Pattern COOKIE = Pattern.compile("__Host-jitgate=([^;]*)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final int MAX_PAGE = 50 * 1024;

  private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  private final JdbcRequestStore h2 = JdbcStores.h2Memory("console-" + UUID.randomUUID());
  private final CountingStore store = new CountingStore(h2);
  private final Policy policy = Policy.parse(ServiceHarness.POLICY, "test");
  private final ApprovalTokens tokens =
      new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock);
  private final Jitgate jitgate =
      Jitgate.builder(clock)
          .policy(policy)
          .tokens(tokens)
          .auditKey(ServiceHarness.AUDIT_KEY)
          .baseUrl("https://jit.example.com")
          .store(store)
          .providers(
              List.of(
                  new RecordingAccessProvider(GrantKind.GCP_IAM_BINDING),
                  new RecordingAccessProvider(GrantKind.AWS_ROLE_CREDENTIALS),
                  new RecordingAccessProvider(GrantKind.GCP_SERVICE_ACCOUNT_TOKEN)))
          .authenticator(new FrontDoorAuthenticator(ClaimsMapper.standard(), "sign in"))
          .consoleSignIn(
              setup -> new DevSignIn(setup, Cookies.DEPLOYED, Duration.ofHours(1), policy::people))
          .build();
  private final AccessService service = jitgate.service();

  @AfterEach
  void close() {
    h2.close();
  }

  @Test
  void eachListedSection_makesAtMostOneStoreQuery() {
    for (int i = 0; i < 5; i++) {
      submit("alice@example.com", "gcp-prod-two-person", "ticket " + i);
    }
    String alice = signIn("alice@example.com");
    String carol = signIn("carol@example.com");
    store.readsSinceLastAsked();

    assertThat(get("/console/", alice).status()).isEqualTo(200);
    assertThat(store.readsSinceLastAsked()).isZero();
    HttpResponse mine = get("/console/requests", alice);
    assertThat(mine.bodyText()).contains("ticket 4", "ticket 0");
    assertThat(store.readsSinceLastAsked()).isEqualTo(1);
    HttpResponse toApprove = get("/console/approvals", carol);
    assertThat(toApprove.bodyText()).contains("ticket 4", "ticket 0");
    // two indexes, one query each: PENDING requests, and those waiting on approvers outside
    // PENDING (this policy allows extensions with approval)
    assertThat(store.readsSinceLastAsked()).isEqualTo(2);
    String id = service.mine(ServiceHarness.ALICE, Optional.empty()).get(0).id().value();
    store.readsSinceLastAsked();
    assertThat(get("/console/requests/" + id, alice).bodyText())
        .contains("The audit chain verifies");
    assertThat(store.readsSinceLastAsked()).isEqualTo(1);
  }

  @Test
  void everyPage_staysUnder50KB_withTheLongestTextsAndTheLongestLists() {
    String longest = "INC-1 " + "<&\"'>".repeat(203);
    assertThat(longest).hasSize(1021);
    for (int i = 0; i < 200; i++) {
      submit("alice@example.com", "gcp-prod-two-person", longest);
    }
    String alice = signIn("alice@example.com");
    String carol = signIn("carol@example.com");
    String id = service.mine(ServiceHarness.ALICE, Optional.empty()).get(0).id().value();

    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("catalogue", get("/console/", alice).body().length);
    sizes.put("form", get("/console/new?entitlement=gcp-prod-storage-admin", alice).body().length);
    sizes.put("mine", get("/console/requests", alice).body().length);
    sizes.put("to approve", get("/console/approvals", carol).body().length);
    sizes.put("detail", get("/console/requests/" + id, carol).body().length);

    assertThat(sizes).allSatisfy((page, bytes) -> assertThat(bytes).as(page).isLessThan(MAX_PAGE));
    assertThat(get("/console/requests", alice).bodyText()).contains("Showing your 30 newest");
  }

  @Test
  void everyValue_isEscaped() {
    AccessRequest r =
        submit("alice@example.com", "gcp-prod-two-person", "<script>alert(1)</script> \"x\"");
    String alice = signIn("alice@example.com");
    String carol = signIn("carol@example.com");

    for (HttpResponse page :
        List.of(
            get("/console/requests", alice),
            get("/console/approvals", carol),
            get("/console/requests/" + r.id().value(), alice))) {
      assertThat(page.bodyText())
          .doesNotContain("<script>alert")
          .contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;");
    }
  }

  @Test
  void approve_afterAnotherApproverDenied_answers409NamingWhoDecided() {
    AccessRequest r = submit("alice@example.com", "gcp-prod-two-person", "two of us");
    String carol = signIn("carol@example.com");
    String dave = signIn("dave@example.com");
    String carolsToken = csrf(get("/console/approvals", carol));
    String davesToken = csrf(get("/console/approvals", dave));

    HttpResponse denied =
        post(
            "/console/requests/" + r.id().value() + "/decide",
            dave,
            "decision=deny&comment=not+today&csrf=" + davesToken);
    HttpResponse late =
        post(
            "/console/requests/" + r.id().value() + "/decide",
            carol,
            "decision=approve&comment=&csrf=" + carolsToken);

    assertThat(denied.status()).isEqualTo(303);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.bodyText())
        .contains("Already decided", "dave@example.com", "denied it", "not today", "DENIED");
  }

  @Test
  void theRequester_cannotApproveTheirOwnRequest() {
    AccessRequest r = submit("dave@example.com", "gcp-prod-two-person", "mine");
    String dave = signIn("dave@example.com");

    HttpResponse self =
        post(
            "/console/requests/" + r.id().value() + "/decide",
            dave,
            "decision=approve&csrf=" + csrf(get("/console/", dave)));

    assertThat(self.status()).isEqualTo(403);
    assertThat(self.bodyText()).contains("your own request");
  }

  @Test
  void aBadJustification_isShownNextToItsField_withTheValuesKept() {
    String alice = signIn("alice@example.com");
    String token = csrf(get("/console/", alice));

    HttpResponse refused =
        post(
            "/console/new",
            alice,
            "entitlement=gcp-prod-storage-admin&duration=PT30M&justification=because+%3Cb%3E&csrf="
                + token);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.bodyText())
        .contains("<p class=\"error\" id=\"justification-error\">")
        .contains("aria-invalid=\"true\"")
        .contains(">because &lt;b&gt;</textarea>")
        .contains("<option value=\"PT30M\" selected>");
    assertThat(h2.byRequester(ServiceHarness.ALICE.email(), 10)).isEmpty();
  }

  @Test
  void aScheduledStart_isAskedOnlyWhereAllowed_andAnOutOfRangeOneIsShownWithItsValueKept() {
    String alice = signIn("alice@example.com");
    assertThat(get("/console/new?entitlement=gcp-prod-storage-admin", alice).bodyText())
        .doesNotContain("name=\"startAt\"");
    assertThat(get("/console/new?entitlement=gcp-prod-two-person", alice).bodyText())
        .contains("<label for=\"startAt\">Start (UTC, optional)</label>", "At most 7 days ahead");
    String token = csrf(get("/console/", alice));

    HttpResponse tooFar =
        post(
            "/console/new",
            alice,
            "entitlement=gcp-prod-two-person&duration=PT1H&startAt=2026-12-21T09:00"
                + "&justification=CHG-12&csrf="
                + token);
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(tooFar.bodyText())
        .contains("<p class=\"error\" id=\"startAt-error\">")
        .contains("further ahead than")
        .contains("value=\"2026-12-21T09:00\"");
    assertThat(h2.byRequester(ServiceHarness.ALICE.email(), 10)).isEmpty();

    HttpResponse scheduled =
        post(
            "/console/new",
            alice,
            "entitlement=gcp-prod-two-person&duration=PT1H&startAt=2026-11-23T09:00"
                + "&justification=CHG-12&csrf="
                + token);
    assertThat(scheduled.status()).isEqualTo(303);
    AccessRequest stored = h2.byRequester(ServiceHarness.ALICE.email(), 10).get(0);
    assertThat(stored.startAt()).isEqualTo(java.time.Instant.parse("2026-11-23T09:00:00Z"));
    assertThat(get("/console/requests/" + stored.id().value(), alice).bodyText())
        .contains("scheduled for");
  }

  @Test
  void pages_loadOnlyTheirOwnScriptAndStyle_whichAreCacheable() {
    String alice = signIn("alice@example.com");
    HttpResponse page = get("/console/", alice);

    assertThat(page.header("Content-Security-Policy"))
        .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.bodyText())
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
        .doesNotContain("<style")
        .doesNotContain(" style=")
        .contains("<main id=\"main\">", "<nav aria-label=\"Console\">");
    Matcher css =
        Pattern.compile("href=\"(/console/static/console\\.css)\\?v=").matcher(page.bodyText());
    assertThat(css.find()).isTrue();
    HttpResponse sheet = get(css.group(1), null);
    assertThat(sheet.status()).isEqualTo(200);
    assertThat(sheet.header("Cache-Control")).contains("immutable");
    assertThat(get("/console/static/console.js", null).header("Content-Type"))
        .startsWith("text/javascript");
  }

  @Test
  void withoutASession_pagesSendToTheSignIn_andFormsChangeNothing() {
    HttpResponse page = get("/console/requests", null);
    HttpResponse form = post("/console/new", "forged", "entitlement=gcp-prod-two-person");

    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location")).startsWith("/console/login?next=");
    assertThat(form.status()).isIn(303, 401);
    assertThat(h2.byRequester(ServiceHarness.ALICE.email(), 10)).isEmpty();
  }

  @Test
  void aCrossSitePost_isRefused_evenWithTheToken() {
    String alice = signIn("alice@example.com");
    String token = csrf(get("/console/", alice));

    HttpResponse refused =
        new RouterCall(jitgate)
            .post(
                "/console/new",
                alice,
                "entitlement=gcp-prod-two-person&csrf=" + token,
                Map.of("Sec-Fetch-Site", "cross-site"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(h2.byRequester(ServiceHarness.ALICE.email(), 10)).isEmpty();
  }

  @Test
  void aGoogleToken_isShownOnce_withAGcloudSnippet_onANoStorePage() {
    AccessRequest r = submit("alice@example.com", "gcp-deploy-token", "upload");
    String carol = signIn("carol@example.com");
    post(
        "/console/requests/" + r.id().value() + "/decide",
        carol,
        "decision=approve&csrf=" + csrf(get("/console/", carol)));
    String alice = signIn("alice@example.com");
    HttpResponse mine = get("/console/requests", alice);
    assertThat(mine.bodyText()).contains("ACTIVE", "Get credentials");

    HttpResponse shown =
        post("/console/requests/" + r.id().value() + "/credentials", alice, "csrf=" + csrf(mine));

    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.header("Cache-Control")).isEqualTo("no-store");
    assertThat(shown.bodyText())
        .contains("export CLOUDSDK_AUTH_ACCESS_TOKEN=&#39;ya29.test-only-" + r.id().value())
        .contains("data-copy=\"snippet\" hidden");
  }

  @Test
  void theRequester_cancelsAPendingRequest_andSeesItCancelled() {
    AccessRequest r = submit("alice@example.com", "gcp-prod-two-person", "changed my mind");
    String alice = signIn("alice@example.com");
    HttpResponse mine = get("/console/requests", alice);
    assertThat(mine.bodyText()).contains("Cancel");

    HttpResponse cancelled =
        post("/console/requests/" + r.id().value() + "/cancel", alice, "csrf=" + csrf(mine));

    assertThat(cancelled.status()).isEqualTo(303);
    assertThat(cancelled.header("Location"))
        .isEqualTo("/console/requests/" + r.id().value() + "?done=cancel");
    assertThat(get(cancelled.header("Location"), alice).bodyText())
        .contains("You cancelled this request.", "CANCELLED");
  }

  private AccessRequest submit(String who, String entitlement, String justification) {
    return service.request(
        dev.jitgate.domain.Caller.of(who),
        new RequestAccess(new EntitlementId(entitlement), Optional.empty(), justification));
  }

  private String signIn(String email) {
    HttpResponse signedIn = post("/console/login", null, "user=" + email);
    assertThat(signedIn.status()).isEqualTo(303);
    Matcher m = COOKIE.matcher(signedIn.header("Set-Cookie"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String csrf(HttpResponse page) {
    Matcher m = CSRF.matcher(page.bodyText());
    assertThat(m.find()).as("a CSRF field on the page").isTrue();
    return m.group(1);
  }

  private HttpResponse get(String pathAndQuery, String session) {
    return new RouterCall(jitgate).get(pathAndQuery, session);
  }

  private HttpResponse post(String path, String session, String form) {
    return new RouterCall(jitgate).post(path, session, form, Map.of());
  }

  /** Requests to the router as a browser sends them. */
  private record RouterCall(Jitgate jitgate) {
    HttpResponse get(String pathAndQuery, String session) {
      int q = pathAndQuery.indexOf('?');
      return jitgate
          .router()
          .handle(
              HttpRequest.of(
                  "GET",
                  q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                  q < 0 ? null : pathAndQuery.substring(q + 1),
                  session == null
                      ? Map.of()
                      : Map.of("Cookie", List.of("__Host-jitgate=" + session)),
                  null));
    }

    HttpResponse post(String path, String session, String form, Map<String, String> more) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
      if (session != null) {
        headers.put("Cookie", List.of("__Host-jitgate=" + session));
      }
      more.forEach((k, v) -> headers.put(k, List.of(v)));
      return jitgate
          .router()
          .handle(
              HttpRequest.of("POST", path, null, headers, form.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
