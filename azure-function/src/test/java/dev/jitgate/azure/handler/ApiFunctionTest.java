package dev.jitgate.azure.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.HttpResponseMessage;
import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.FrontDoorAuthenticator;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the HTTP function turns the worker's messages into the router's request and back, and when it
 * believes App Service's principal header. A route added for the test records what the router saw.
 */
class ApiFunctionTest {
  private static final String HOST = "https://jitgate-prod.azurewebsites.net";

  /** As App Service sends it for an Entra ID sign-in: long claim types, groups repeated. */
  static final String ENTRA_PRINCIPAL =
      Base64.getEncoder()
          .encodeToString(
              ("{\"auth_typ\":\"aad\",\"claims\":["
                      + "{\"typ\":\"aud\",\"val\":\"4c1d2b7e-0000-4000-8000-00000000c11e\"},"
                      + "{\"typ\":\"http://schemas.microsoft.com/identity/claims/objectidentifier\","
                      + "\"val\":\"6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9\"},"
                      + "{\"typ\":\"http://schemas.microsoft.com/identity/claims/tenantid\","
                      + "\"val\":\"72f988bf-86f1-41af-91ab-2d7cd011db47\"},"
                      + "{\"typ\":\"preferred_username\",\"val\":\"alice@example.com\"},"
                      + "{\"typ\":\"groups\",\"val\":\"sre\"},"
                      + "{\"typ\":\"groups\",\"val\":\"oncall\"}],"
                      + "\"name_typ\":\"name\",\"role_typ\":\"roles\"}")
                  .getBytes(StandardCharsets.UTF_8));

  private final ServiceHarness harness = new ServiceHarness();
  private final AtomicReference<HttpRequest> seen = new AtomicReference<>();
  private final AtomicReference<Caller> signedIn = new AtomicReference<>();

  @AfterEach
  void close() {
    harness.close();
  }

  private ApiFunction functionRecording(String method, String path, boolean appService) {
    ClaimsMapper oid =
        new ClaimsMapper(
            new ClaimsMapper.Identity.MappedClaim(
                "oid",
                Map.of(
                    "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
                    new dev.jitgate.domain.UserId("alice@example.com"))),
            "groups");
    FrontDoorAuthenticator frontDoor = new FrontDoorAuthenticator(oid, "sign in");
    Router router =
        new Router(harness.service, frontDoor, harness.tokens)
            .withRoute(
                method,
                path,
                request -> {
                  seen.set(request);
                  if (!request.frontDoorClaims().isEmpty()) {
                    signedIn.set(frontDoor.authenticate(request));
                  }
                  return HttpResponse.json(201, "{\"seen\":true}");
                });
    return new ApiFunction(router, appService);
  }

  @Test
  void post_passesMethodPathRawQueryLowerCasedHeadersAndTheBodyBytes() {
    ApiFunction function = functionRecording("POST", "/api/v1/requests", true);

    Messages.Response response =
        (Messages.Response)
            function.run(
                Messages.request(
                    "POST",
                    HOST + "/api/v1/requests?dryRun=no&note=a%26b",
                    Map.of(
                        "Content-Type",
                        "application/json",
                        "X-MS-CLIENT-PRINCIPAL",
                        ENTRA_PRINCIPAL),
                    "{\"entitlement\":\"azure-prod-reader\",\"duration\":\"PT1H\"}"),
                null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.text()).isEqualTo("{\"seen\":true}");
    HttpRequest request = seen.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/requests");
    assertThat(request.query()).containsEntry("note", "a&b").containsEntry("dryRun", "no");
    assertThat(request.first("CONTENT-TYPE")).contains("application/json");
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"entitlement\":\"azure-prod-reader\",\"duration\":\"PT1H\"}");
  }

  @Test
  void clientPrincipal_behindAppServiceAuthentication_signsInWithTheObjectIdAndGroups() {
    ApiFunction function = functionRecording("GET", "/api/v1/entitlements", true);

    function.run(
        Messages.request(
            "GET",
            HOST + "/api/v1/entitlements",
            Map.of("x-ms-client-principal", ENTRA_PRINCIPAL),
            null),
        null);

    Caller caller = signedIn.get();
    assertThat(caller.email().email()).isEqualTo("alice@example.com");
    assertThat(caller.groups()).containsExactlyInAnyOrder("sre", "oncall");
    assertThat(caller.entraObjectId())
        .map(Object::toString)
        .contains("6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
  }

  @Test
  void clientPrincipal_whenAppServiceAuthenticationIsNotConfigured_isIgnored() {
    ApiFunction function = functionRecording("GET", "/api/v1/entitlements", false);

    HttpResponseMessage response =
        function.run(
            Messages.request(
                "GET",
                HOST + "/api/v1/entitlements",
                Map.of("X-MS-CLIENT-PRINCIPAL", ENTRA_PRINCIPAL),
                null),
            null);

    assertThat(seen.get().frontDoorClaims()).isEmpty();
    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(signedIn.get()).isNull();
  }

  @Test
  void realRouter_withoutASignIn_answers401InTheApisShape() {
    Router router =
        new Router(
            harness.service,
            new FrontDoorAuthenticator(
                new ClaimsMapper(new ClaimsMapper.Identity.VerifiedEmail(), "groups"),
                "sign in through App Service authentication"),
            harness.tokens);
    ApiFunction function = new ApiFunction(router, true);

    Messages.Response response =
        (Messages.Response)
            function.run(Messages.request("GET", HOST + "/api/v1/requests", Map.of(), null), null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.text()).contains("\"unauthenticated\"").contains("App Service");
  }
}
