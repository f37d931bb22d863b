package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.http.Router;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.testing.IdentityProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default front door: a function URL event whose bearer ID token the OIDC authenticator checks
 * against the identity provider's JWKS, here served on loopback.
 */
class FunctionUrlOidcTest {
  private final ServiceHarness harness = new ServiceHarness();
  private final IdentityProviderStub idp;
  private final ApiHandler handler;

  FunctionUrlOidcTest() throws Exception {
    idp = new IdentityProviderStub();
    handler = new ApiHandler(new Router(harness.service, idp.authenticator(), harness.tokens));
  }

  @AfterEach
  void close() {
    idp.close();
    harness.close();
  }

  @Test
  void approvalThroughAFunctionUrl_withAValidIdToken_activatesTheRequest() throws Exception {
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");
    APIGatewayV2HTTPEvent event =
        Events.withBearer(
            Events.http(Events.URL_POST_APPROVE, pending.id().value()),
            idp.idToken("carol@example.com"));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).contains("\"state\":\"ACTIVE\"");
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void functionUrlEvent_withATokenNotSignedByTheProvider_isUnauthenticated() {
    AccessRequest pending = harness.request(ServiceHarness.ALICE, "aws-prod-admin", "INC-7: fix");

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(Events.http(Events.URL_POST_APPROVE, pending.id().value()), null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(harness.stored(pending.id()).state()).isEqualTo(RequestState.PENDING);
  }
}
