package dev.jitgate.aws.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The cold-start bench's baseline: the least an API Gateway HTTP API handler can do, answering
 * every event 200 with a fixed JSON body, through the same runtime interface client as jitgate's.
 */
public final class TrivialApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(Map.of("content-type", "application/json"))
        .withBody("{\"items\":[],\"path\":\"" + event.getRawPath() + "\"}")
        .build();
  }
}
