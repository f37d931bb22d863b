package dev.jitgate.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jitgate.config.Environment;
import dev.jitgate.gcp.handler.ApiFunction;
import dev.jitgate.gcp.handler.InvokerServer;
import dev.jitgate.gcp.handler.SweepFunction;
import dev.jitgate.gcp.provider.InProcessGoogle;
import dev.jitgate.gcp.store.FirestoreEmulator;
import dev.jitgate.gcp.store.OnFirestoreEmulator;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.SigningKeysJson;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole requests through the Google functions, served by Google's real invoker over HTTP: the
 * Firestore store on Google's emulator, mail through a real SMTP server, sign-in with a loopback
 * identity provider's tokens, and the IAM providers against in-process Resource Manager fakes.
 * Request, approve by API and by the mailed link, ACTIVE; then Cloud Scheduler's authenticated call
 * of the sweep: EXPIRED, and the bindings gone. A call of the sweep without its token is refused.
 */
@ExtendWith(OnFirestoreEmulator.class)
class GcpFlowTest {
  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "https://europe-west1-acme-prod.cloudfunctions.net/jitgate";
  private static final String SWEEP_URL =
      "https://europe-west1-acme-prod.cloudfunctions.net/jitgate-sweep";
  private static final String SCHEDULER = "jitgate-scheduler@acme-prod.iam.gserviceaccount.com";

  private static FirestoreEmulator emulator;

  private final MutableClock clock = MutableClock.at(Instant.now().toString());
  private final HttpClient http = HttpClient.newHttpClient();
  private IdentityProviderStub idp;
  private InProcessGoogle google;
  private InvokerServer api;
  private InvokerServer sweep;

  @BeforeAll
  static void emulator(FirestoreEmulator started) {
    emulator = started;
  }

  /** After GreenMail's extension has started its server for the test. */
  @BeforeEach
  void start() throws Exception {
    idp = new IdentityProviderStub();
    google = new InProcessGoogle(clock);
    google.resourceManager.create("projects/acme-prod");
    Map<String, String> settings = new HashMap<>();
    settings.put("JITGATE_POLICY", "policy/gcp-test-policy.yaml");
    settings.put("JITGATE_BASE_URL", BASE);
    settings.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1"));
    settings.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    settings.put("JITGATE_OIDC_ISSUER", IdentityProviderStub.ISSUER);
    settings.put("JITGATE_OIDC_AUDIENCE", IdentityProviderStub.AUDIENCE);
    settings.put("JITGATE_OIDC_JWKS_URI", idp.jwksUri().toString());
    settings.put("JITGATE_GCP_PROJECT", "flow-" + UUID.randomUUID().toString().substring(0, 8));
    settings.put("FIRESTORE_EMULATOR_HOST", emulator.hostAndPort());
    settings.put(SchedulerCaller.AUDIENCE, SWEEP_URL);
    settings.put(SchedulerCaller.INVOKER, SCHEDULER);
    settings.put(SchedulerCaller.KEYS, idp.jwksUri().toString());
    settings.put("JITGATE_MAIL", "smtp");
    settings.put("JITGATE_MAIL_FROM", "jitgate@example.com");
    settings.put("JITGATE_SMTP_HOST", "127.0.0.1");
    settings.put("JITGATE_SMTP_PORT", String.valueOf(MAIL.getSmtp().getPort()));
    settings.put("JITGATE_SMTP_TLS", "none");
    Environment env = new Environment(settings::get);
    GcpWiring wiring =
        new GcpWiring(
            env,
            clock,
            () -> GcpClients.fromEnvironment(env).store(),
            GcpProviders.create(
                () -> google.projects,
                () -> google.folders,
                () -> google.organizations,
                () -> google.credentials,
                clock,
                delay -> {}));
    api = InvokerServer.serving(new ApiFunction(wiring.router()));
    sweep =
        InvokerServer.serving(new SweepFunction(wiring.service(), wiring.schedulerCaller(), clock));
  }

  @AfterEach
  void close() {
    api.close();
    sweep.close();
    google.close();
    idp.close();
  }

  @Test
  void requestApproveByApiAndByMailedLink_thenTheSchedulersSweepExpiresBoth() throws Exception {
    String storage = create("gcp-prod-storage-admin");
    String bigquery = create("gcp-prod-bigquery-viewer");

    JsonNode approved =
        call("POST", "/api/v1/requests/" + storage + "/approve", "carol", "{}", 200);
    assertThat(approved.path("state").asText()).isEqualTo("ACTIVE");

    String link = approvalLinkMailedTo("carol@example.com", bigquery);
    assertThat(send("GET", link, Map.of(), null).statusCode()).isEqualTo(200);
    assertThat(state(bigquery)).isEqualTo("PENDING");
    HttpResponse<String> decided =
        send(
            "POST",
            link,
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Sec-Fetch-Site", "same-origin"),
            "decision=approve&comment=INC-9");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    assertThat(state(bigquery)).isEqualTo("ACTIVE");
    assertThat(jitgateBindings())
        .extracting(Binding::getRole)
        .containsExactlyInAnyOrder("roles/storage.admin", "roles/bigquery.dataViewer");
    assertThat(jitgateBindings())
        .allSatisfy(
            b -> {
              assertThat(b.getMembersList()).containsExactly("user:alice@example.com");
              assertThat(b.getCondition().getExpression()).startsWith("request.time < timestamp(");
            });

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    HttpResponse<String> unauthenticated = sweepCall(null);
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(state(storage)).isEqualTo("ACTIVE");

    HttpResponse<String> swept = sweepCall(schedulerToken());
    assertThat(swept.statusCode()).as(swept.body()).isEqualTo(200);
    assertThat(JSON.readTree(swept.body()).path("expired").asInt()).isEqualTo(2);
    assertThat(state(storage)).isEqualTo("EXPIRED");
    assertThat(state(bigquery)).isEqualTo("EXPIRED");
    assertThat(jitgateBindings()).isEmpty();
    assertThat(
            call("GET", "/api/v1/requests/" + bigquery + "/audit", "alice", null, 200)
                .path("chainValid")
                .asBoolean())
        .isTrue();
  }

  @Test
  void sweep_calledByAnotherServiceAccount_isRefused403() throws Exception {
    String other =
        idp.token(
            "https://accounts.google.com",
            SWEEP_URL,
            "1234",
            Map.of("email", "ci@acme-prod.iam.gserviceaccount.com", "email_verified", true));

    assertThat(sweepCall(other).statusCode()).isEqualTo(403);
  }

  private java.util.List<Binding> jitgateBindings() {
    Policy policy = google.resourceManager.policy("projects/acme-prod");
    return policy.getBindingsList().stream()
        .filter(b -> b.getCondition().getTitle().startsWith("jitgate "))
        .toList();
  }

  private String schedulerToken() throws Exception {
    return idp.token(
        "https://accounts.google.com",
        SWEEP_URL,
        "1067",
        Map.of("email", SCHEDULER, "email_verified", true));
  }

  private HttpResponse<String> sweepCall(String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(sweep.uri("/")).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String create(String entitlement) throws Exception {
    JsonNode created =
        call(
            "POST",
            "/api/v1/requests",
            "alice",
            "{\"entitlement\":\""
                + entitlement
                + "\",\"duration\":\"PT1H\",\"justification\":\"INC-9: restore\"}",
            201);
    assertThat(created.path("state").asText()).isEqualTo("PENDING");
    return created.path("id").asText();
  }

  private String state(String id) throws Exception {
    return call("GET", "/api/v1/requests/" + id, "alice", null, 200).path("state").asText();
  }

  private JsonNode call(String method, String path, String who, String body, int status)
      throws Exception {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + idp.idToken(who + "@example.com"));
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    HttpResponse<String> response = send(method, path, headers, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(
      String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String approvalLinkMailedTo(String approver, String requestId) throws Exception {
    Pattern link = Pattern.compile(Pattern.quote(BASE) + "(/approvals/[A-Za-z0-9._~-]+)");
    for (MimeMessage mail : MAIL.getReceivedMessagesForDomain(approver)) {
      String text = GreenMailUtil.getBody(mail).replace("=\r\n", "");
      if (text.contains(requestId)) {
        Matcher found = link.matcher(text);
        if (found.find()) {
          return URI.create(found.group(1)).getPath();
        }
      }
    }
    throw new AssertionError("no approval link for " + requestId + " was mailed to " + approver);
  }
}
