package dev.jitgate.multicloud;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.aws.handler.ApiHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS deployment's front door: API Gateway HTTP API events (payload 2.0, {@code $default}
 * stage, body in base64 as API Gateway sends it) handed to the AWS {@link ApiHandler}.
 */
final class ApiGatewayFrontDoor implements FrontDoor {
  private final ApiHandler handler;
  private final String host;

  ApiGatewayFrontDoor(ApiHandler handler, String baseUrl) {
    this.handler = handler;
    this.host = URI.create(baseUrl).getAuthority();
  }

  @Override
  public Answer send(String method, String pathAndQuery, Map<String, String> headers, String body) {
    URI uri = URI.create(pathAndQuery);
    Map<String, String> lower = new LinkedHashMap<>();
    lower.put("host", host);
    headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withVersion("2.0")
            .withRouteKey("$default")
            .withRawPath(uri.getRawPath())
            .withRawQueryString(uri.getRawQuery() == null ? "" : uri.getRawQuery())
            .withHeaders(lower)
            .withBody(
                body == null
                    ? null
                    : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
            .withIsBase64Encoded(body != null)
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withStage("$default")
                    .withDomainName(host)
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod(method)
                            .withPath(uri.getRawPath())
                            .withProtocol("HTTP/1.1")
                            .withSourceIp("203.0.113.7")
                            .build())
                    .build())
            .build();
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    String text = response.getBody() == null ? "" : response.getBody();
    if (response.getIsBase64Encoded()) {
      text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
    return new Answer(response.getStatusCode(), text);
  }
}
