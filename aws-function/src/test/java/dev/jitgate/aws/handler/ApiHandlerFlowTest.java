package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.testing.IdentityProviderStub;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole requests through the API handler as they arrive behind API Gateway's JWT authorizer: the
 * authorizer's claims are in the event, and the function still verifies the bearer token itself
 * against the identity provider's JWKS. The service runs on the JDBC store on H2 with recording
 * providers.
 */
class ApiHandlerFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";

  private final ServiceHarness harness = new ServiceHarness();
  private final IdentityProviderStub idp;
  private final ApiHandler handler;

  ApiHandlerFlowTest() throws Exception {
    idp = new IdentityProviderStub();
    handler = new ApiHandler(new Router(harness.service, idp.authenticator(), harness.tokens));
  }

  @AfterEach
  void close() {
    idp.close();
    harness.close();
  }

  /** The fixture as the authorizer passes it, with a real token for {@code email}. */
  private APIGatewayV2HTTPEvent as(String email, APIGatewayV2HTTPEvent event) throws Exception {
    return Events.withBearer(event, idp.idToken(email));
  }

  @Test
  void requestThenApprove_makesTheRequestActiveWithOneGrant() throws Exception {
    APIGatewayV2HTTPResponse created =
        handler.handleRequest(as(ALICE, Events.http(Events.API_POST_REQUEST)), null);
    assertThat(created.getStatusCode()).isEqualTo(201);
    String id = JSON.readTree(created.getBody()).path("id").asText();
    assertThat(created.getHeaders()).containsEntry("Location", "/api/v1/requests/" + id);
    assertThat(harness.stored(new RequestId(id)).state()).isEqualTo(RequestState.PENDING);

    APIGatewayV2HTTPResponse approved =
        handler.handleRequest(as(CAROL, Events.http(Events.API_POST_APPROVE, id)), null);

    assertThat(approved.getStatusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(approved.getBody());
    assertThat(body.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(body.path("approvals").get(0).path("approver").asText())
        .isEqualTo("carol@example.com");
    assertThat(harness.stored(new RequestId(id)).state()).isEqualTo(RequestState.ACTIVE);
    // One assignment, for this request; a shared kind is granted again once ACTIVE (idempotent).
    assertThat(harness.identityCenter.artifactCount()).isEqualTo(1);
    assertThat(harness.identityCenter.grants())
        .isNotEmpty()
        .allSatisfy(grant -> assertThat(grant.requestId().value()).isEqualTo(id));
  }

  @Test
  void approvalLinkForm_postedThroughAFunctionUrlAsBase64_activatesTheRequest() {
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");
    String token =
        harness.tokens.issue(
            pending.id(), new UserId("carol@example.com"), pending.approvalDeadline());

    APIGatewayV2HTTPResponse decided =
        handler.handleRequest(Events.http(Events.URL_POST_APPROVAL_FORM, token), null);

    assertThat(decided.getStatusCode()).isEqualTo(200);
    assertThat(decided.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8");
    assertThat(decided.getBody()).contains("Decision recorded").contains("ACTIVE");
    AccessRequest stored = harness.stored(pending.id());
    assertThat(stored.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(stored.approvals().get(0).comment()).isEqualTo("restore approved, INC-4711");
  }

  @Test
  void approverListsWhatTheyMayDecide_throughTheQueryString() throws Exception {
    String id =
        JSON.readTree(
                handler
                    .handleRequest(as(ALICE, Events.http(Events.API_POST_REQUEST)), null)
                    .getBody())
            .path("id")
            .asText();

    APIGatewayV2HTTPResponse listed =
        handler.handleRequest(as(CAROL, Events.http(Events.API_GET_REQUESTS)), null);

    assertThat(listed.getStatusCode()).isEqualTo(200);
    JsonNode requests = JSON.readTree(listed.getBody()).path("requests");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path("id").asText()).isEqualTo(id);
  }

  @Test
  void requesterListsTheirOwnRequests() throws Exception {
    handler.handleRequest(as(ALICE, Events.http(Events.API_POST_REQUEST)), null);

    APIGatewayV2HTTPResponse listed =
        handler.handleRequest(as(ALICE, Events.http(Events.API_GET_OWN_REQUESTS)), null);

    assertThat(listed.getStatusCode()).isEqualTo(200);
    JsonNode requests = JSON.readTree(listed.getBody()).path("requests");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path("requester").asText()).isEqualTo("alice@example.com");
    assertThat(requests.get(0).path("state").asText()).isEqualTo("PENDING");
  }

  @Test
  void groupsFromTheVerifiedToken_makeACallerEligible() throws Exception {
    // mallory is in no group of the policy: only her token's "platform-sre", an idp-group of the
    // entitlement, makes her a requester.
    APIGatewayV2HTTPEvent event =
        Events.withBearer(
            Events.http(Events.API_POST_REQUEST),
            idp.idToken("mallory@example.com", "oncall", "platform-sre"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getBody()).contains("\"requester\":\"mallory@example.com\"");
  }

  @Test
  void callerClaimingAGroupThePolicyListsWithoutThem_isForbidden() throws Exception {
    // "sre" is a group of the policy, closed to alice and bob: claiming its name is not enough.
    APIGatewayV2HTTPEvent event =
        Events.withBearer(
            Events.http(Events.API_POST_REQUEST),
            idp.idToken("mallory@example.com", "oncall", "sre"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(response.getBody()).contains("\"code\":\"forbidden\"");
  }

  @Test
  void forgedAuthorizerClaims_withoutAToken_areUnauthenticated() {
    // A direct lambda:InvokeFunction with made-up claims, as the security review reproduced it.
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");
    APIGatewayV2HTTPEvent forged =
        Events.withClaims(
            Events.http(Events.API_POST_APPROVE, pending.id().value()),
            Map.of("email", CAROL, "email_verified", "true", "groups", "[sre-leads]"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(forged, null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.PENDING);
    assertThat(harness.stored(pending.id()).version()).isEqualTo(pending.version());
  }

  @Test
  void forgedAuthorizerClaims_nextToAnotherUsersToken_actAsTheTokensUser() throws Exception {
    // Alice's own valid token, with claims that say carol: she stays alice, who may not approve
    // her own request.
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");
    APIGatewayV2HTTPEvent forged =
        as(
            ALICE,
            Events.withClaims(
                Events.http(Events.API_POST_APPROVE, pending.id().value()),
                Map.of("email", CAROL, "groups", "[sre-leads]")));

    APIGatewayV2HTTPResponse response = handler.handleRequest(forged, null);

    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void eventThatDidNotPassTheAuthorizer_isUnauthenticatedWhateverItsHeadersSay() {
    // A function URL event whose bearer token no provider signed.
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.URL_POST_APPROVE, "r-1"), null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).contains("\"code\":\"unauthenticated\"");
  }
}
