package dev.jitgate.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jitgate.azure.handler.ApiFunction;
import dev.jitgate.azure.handler.Messages;
import dev.jitgate.azure.handler.SweepFunction;
import dev.jitgate.azure.provider.AzureStub;
import dev.jitgate.azure.store.Azurite;
import dev.jitgate.config.Environment;
import dev.jitgate.domain.RequestState;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.SigningKeysJson;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole requests through the Azure functions, driven through their annotated methods: the Table
 * storage store on a real Azurite, mail through a real SMTP server, sign-in with bearer tokens of a
 * loopback identity provider, and the PIM and RBAC providers against Resource Manager's wire stub.
 * Request, approve by API and by the mailed link, ACTIVE; then the timer's sweep: EXPIRED.
 */
class AzureFlowTest {
  @RegisterExtension static final Azurite AZURITE = new Azurite();

  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "https://jitgate-prod.azurewebsites.net";
  private static final Map<String, String> OIDS =
      Map.of(
          "alice@example.com", "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
          "carol@example.com", "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");

  private final MutableClock clock = MutableClock.at(Instant.now().toString());
  private final AzureStub arm = new AzureStub();
  private IdentityProviderStub idp;
  private ApiFunction api;
  private SweepFunction sweep;

  /** After GreenMail's extension has started its server for the test. */
  @BeforeEach
  void start() throws Exception {
    idp = new IdentityProviderStub();
    // Resource Manager accepts every assignment and schedule request (answering with what it was
    // sent, as it answers with the resource's properties), and deletes with 204.
    arm.server.stubFor(
        put(urlPathMatching(".*/providers/Microsoft.Authorization/.*"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withTransformers("response-template")
                    .withBody("{{{request.body}}}")));
    arm.server.stubFor(
        delete(urlPathMatching(".*/providers/Microsoft.Authorization/roleAssignments/.*"))
            .willReturn(aResponse().withStatus(204)));
    Map<String, String> settings = new HashMap<>();
    settings.put("JITGATE_POLICY", "policy/azure-test-policy.yaml");
    settings.put("JITGATE_BASE_URL", BASE);
    settings.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1"));
    settings.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    settings.put("JITGATE_OIDC_ISSUER", IdentityProviderStub.ISSUER);
    settings.put("JITGATE_OIDC_AUDIENCE", IdentityProviderStub.AUDIENCE);
    settings.put("JITGATE_OIDC_JWKS_URI", idp.jwksUri().toString());
    settings.put("JITGATE_TABLES_CONNECTION_STRING", AZURITE.connectionString());
    settings.put("JITGATE_TABLE", AZURITE.newTable().getTableName());
    settings.put("JITGATE_MAIL", "smtp");
    settings.put("JITGATE_MAIL_FROM", "jitgate@example.com");
    settings.put("JITGATE_SMTP_HOST", "127.0.0.1");
    settings.put("JITGATE_SMTP_PORT", String.valueOf(MAIL.getSmtp().getPort()));
    settings.put("JITGATE_SMTP_TLS", "none");
    Environment env = new Environment(settings::get);
    AzureClients clients = AzureClients.fromEnvironment(env);
    AzureWiring wiring =
        new AzureWiring(
            env,
            clock,
            () -> AzureStores.fromEnvironment(env, clients, clock),
            arm.providers(clock, Backoff.DEFAULTS, delay -> {}).all());
    api = new ApiFunction(wiring.router(), wiring.trustsClientPrincipal());
    sweep = new SweepFunction(wiring.service(), clock);
  }

  @AfterEach
  void close() {
    arm.close();
    idp.close();
  }

  @Test
  void requestApproveByApiAndByMailedLink_thenTheTimersSweepExpiresBoth() throws Exception {
    String pim = create("azure-prod-reader");
    String rbac = create("azure-app-contributor");

    JsonNode approved = call("POST", "/api/v1/requests/" + pim + "/approve", "carol", "{}", 200);
    assertThat(approved.path("state").asText()).isEqualTo("ACTIVE");

    String link = approvalLinkMailedTo("carol@example.com", rbac);
    Messages.Response page = send("GET", link, Map.of(), null);
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(state(rbac)).isEqualTo("PENDING");
    Messages.Response decided =
        send(
            "POST",
            link,
            Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", BASE),
            "decision=approve&comment=INC-9");
    assertThat(decided.getStatusCode()).isEqualTo(200);
    assertThat(state(rbac)).isEqualTo("ACTIVE");

    List<LoggedRequest> granted = arm.all();
    assertThat(granted)
        .anySatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo(RequestMethod.PUT);
              assertThat(r.getUrl()).contains("/roleAssignmentScheduleRequests/");
              assertThat(r.getBodyAsString())
                  .contains("\"requestType\":\"AdminAssign\"")
                  .contains(OIDS.get("alice@example.com"));
            })
        .anySatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo(RequestMethod.PUT);
              assertThat(r.getUrl()).contains("/roleAssignments/");
              assertThat(r.getBodyAsString()).contains(OIDS.get("alice@example.com"));
            });

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    sweep.run(Messages.TIMER, null);

    assertThat(state(pim)).isEqualTo("EXPIRED");
    assertThat(state(rbac)).isEqualTo("EXPIRED");
    assertThat(arm.all().subList(granted.size(), arm.all().size()))
        .anySatisfy(r -> assertThat(r.getMethod()).isEqualTo(RequestMethod.DELETE));
    JsonNode audit = call("GET", "/api/v1/requests/" + rbac + "/audit", "alice", null, 200);
    assertThat(audit.path("chainValid").asBoolean()).isTrue();
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
    assertThat(created.path("state").asText()).isEqualTo(RequestState.PENDING.name());
    return created.path("id").asText();
  }

  private String state(String id) throws Exception {
    return call("GET", "/api/v1/requests/" + id, "alice", null, 200).path("state").asText();
  }

  private JsonNode call(String method, String path, String who, String body, int status)
      throws Exception {
    String email = who + "@example.com";
    String token =
        idp.token(
            IdentityProviderStub.ISSUER,
            IdentityProviderStub.AUDIENCE,
            "sub-" + who,
            Map.of("email", email, "email_verified", true, "oid", OIDS.getOrDefault(email, "")));
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    Messages.Response response = send(method, path, headers, body);
    assertThat(response.getStatusCode()).as(response.text()).isEqualTo(status);
    return JSON.readTree(response.text());
  }

  private Messages.Response send(
      String method, String path, Map<String, String> headers, String body) {
    return (Messages.Response) api.run(Messages.request(method, BASE + path, headers, body), null);
  }

  private static String approvalLinkMailedTo(String approver, String requestId) throws Exception {
    Pattern link = Pattern.compile(Pattern.quote(BASE) + "(/approvals/[A-Za-z0-9._~-]+)");
    for (MimeMessage mail : MAIL.getReceivedMessagesForDomain(approver)) {
      String text = GreenMailUtil.getBody(mail);
      if (text.contains(requestId)) {
        Matcher found = link.matcher(text.replace("=\r\n", ""));
        if (found.find()) {
          return found.group(1);
        }
      }
    }
    throw new AssertionError("no approval link for " + requestId + " was mailed to " + approver);
  }
}
