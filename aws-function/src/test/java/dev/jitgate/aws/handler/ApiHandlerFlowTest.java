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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whole requests through the API handler with API Gateway's JWT authorizer as the front door: the
 * service runs on the JDBC store on H2 with recording providers.
 */
class ApiHandlerFlowTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceHarness harness = new ServiceHarness();
  private final ApiHandler handler =
      new ApiHandler(
          new Router(
              harness.service, new ApiGatewayJwtAuthenticator("email", "groups"), harness.tokens));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void requestThenApprove_makesTheRequestActiveWithOneGrant() throws Exception {
    APIGatewayV2HTTPResponse created =
        handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);
    assertThat(created.getStatusCode()).isEqualTo(201);
    String id = JSON.readTree(created.getBody()).path("id").asText();
    assertThat(created.getHeaders()).containsEntry("Location", "/api/v1/requests/" + id);
    assertThat(harness.stored(new RequestId(id)).state()).isEqualTo(RequestState.PENDING);

    APIGatewayV2HTTPResponse approved =
        handler.handleRequest(Events.http(Events.API_POST_APPROVE, id), null);

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
        JSON.readTree(handler.handleRequest(Events.http(Events.API_POST_REQUEST), null).getBody())
            .path("id")
            .asText();

    APIGatewayV2HTTPResponse listed =
        handler.handleRequest(Events.http(Events.API_GET_REQUESTS), null);

    assertThat(listed.getStatusCode()).isEqualTo(200);
    JsonNode requests = JSON.readTree(listed.getBody()).path("requests");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path("id").asText()).isEqualTo(id);
  }

  @Test
  void requesterListsTheirOwnRequests() throws Exception {
    handler.handleRequest(Events.http(Events.API_POST_REQUEST), null);

    APIGatewayV2HTTPResponse listed =
        handler.handleRequest(Events.http(Events.API_GET_OWN_REQUESTS), null);

    assertThat(listed.getStatusCode()).isEqualTo(200);
    JsonNode requests = JSON.readTree(listed.getBody()).path("requests");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path("requester").asText()).isEqualTo("alice@example.com");
    assertThat(requests.get(0).path("state").asText()).isEqualTo("PENDING");
  }

  @Test
  void groupsFromTheAuthorizerClaims_makeACallerEligible() {
    // mallory is in no group of the policy: only the token's flattened "[sre]" makes her a
    // requester.
    APIGatewayV2HTTPEvent event =
        Events.withClaims(
            Events.http(Events.API_POST_REQUEST),
            Map.of("email", "mallory@example.com", "groups", "[oncall sre]"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getBody()).contains("\"requester\":\"mallory@example.com\"");
  }

  @Test
  void callerWithoutAnEligibleGroupClaim_isForbidden() {
    APIGatewayV2HTTPEvent event =
        Events.withClaims(
            Events.http(Events.API_POST_REQUEST),
            Map.of("email", "mallory@example.com", "groups", "[oncall]"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(response.getBody()).contains("\"code\":\"forbidden\"");
  }

  @Test
  void unverifiedEmailClaim_isUnauthenticated() {
    APIGatewayV2HTTPEvent event =
        Events.withClaims(Events.http(Events.API_POST_REQUEST), Map.of("email_verified", "false"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(harness.store.byRequester(new UserId("alice@example.com"), 10)).isEmpty();
  }

  @Test
  void eventThatDidNotPassTheAuthorizer_isUnauthenticatedWhateverItsHeadersSay() {
    // A function URL event carries a bearer token but no authorizer claims: nothing checked it.
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.URL_POST_APPROVE, "r-1"), null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).contains("\"code\":\"unauthenticated\"");
  }
}
