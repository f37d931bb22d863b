package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.aws.AwsWiring;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import java.util.Objects;

/**
 * The API function: serves API Gateway HTTP API (payload 2.0) and function URL events with the
 * neutral router. When API Gateway's JWT authorizer fronts it, the authorizer's claims are in scope
 * for {@link ApiGatewayJwtAuthenticator} while the router runs.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Router router;

  /**
   * Used by Lambda: the router of this instance's composition root, built once from the
   * environment.
   */
  public ApiHandler() {
    this(AwsWiring.instance().router());
  }

  public ApiHandler(Router router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    HttpRequest request = ApiEvents.request(event);
    HttpResponse response =
        AuthorizerClaims.during(ApiEvents.claims(event), () -> router.handle(request));
    return ApiEvents.response(response);
  }
}
