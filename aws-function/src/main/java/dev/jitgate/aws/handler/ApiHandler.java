package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.aws.AwsWiring;
import dev.jitgate.http.Router;
import java.util.Objects;

/**
 * The API function: serves API Gateway HTTP API (payload 2.0) and function URL events with the
 * neutral router. The JWT authorizer's claims are not passed on: the function verifies the bearer
 * token itself, because anyone allowed {@code lambda:InvokeFunction} could invoke it directly with
 * made-up claims.
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
    return ApiEvents.response(router.handle(ApiEvents.request(event)));
  }
}
