package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between API Gateway's HTTP API payload 2.0 (also what function URLs send) and the
 * router's neutral request and response, hiding the payload's quirks: cookies arrive apart from the
 * headers, bodies may be base64, and a named stage prefixes the path.
 */
final class ApiEvents {
  private static final String DEFAULT_STAGE = "$default";

  private ApiEvents() {}

  static HttpRequest request(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      // Names are lower case already; HttpRequest makes sure of it.
      event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
    }
    if (event.getCookies() != null && !event.getCookies().isEmpty()) {
      // Payload 2.0 moves the Cookie header into "cookies", one entry per cookie.
      headers.put("cookie", List.of(String.join("; ", event.getCookies())));
    }
    return HttpRequest.of(
        context.getHttp().getMethod(),
        path(event.getRawPath(), context.getStage()),
        event.getRawQueryString(),
        headers,
        body(event));
  }

  /**
   * The payload 2.0 response. A {@code Set-Cookie} goes in {@code cookies}, the field that API
   * Gateway and function URLs document for it, so the console's session cookie reaches the browser.
   */
  static APIGatewayV2HTTPResponse response(HttpResponse response) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    response
        .headers()
        .forEach(
            (name, value) -> {
              if (name.equalsIgnoreCase("Set-Cookie")) {
                cookies.add(value);
              } else {
                headers.put(name, value);
              }
            });
    APIGatewayV2HTTPResponse.APIGatewayV2HTTPResponseBuilder out =
        APIGatewayV2HTTPResponse.builder()
            .withStatusCode(response.status())
            .withHeaders(headers)
            .withBody(response.bodyText())
            .withIsBase64Encoded(false);
    if (!cookies.isEmpty()) {
      out.withCookies(cookies);
    }
    return out.build();
  }

  /**
   * The path without the stage: through the execute-api endpoint with a named stage, rawPath is
   * {@code /<stage>/api/...}; with the {@code $default} stage and on function URLs it has none.
   */
  private static String path(String rawPath, String stage) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (stage != null && !stage.isEmpty() && !stage.equals(DEFAULT_STAGE)) {
      String prefix = "/" + stage;
      if (path.equals(prefix)) {
        return "/";
      }
      if (path.startsWith(prefix + "/")) {
        return path.substring(prefix.length());
      }
    }
    return path;
  }

  private static byte[] body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return new byte[0];
    }
    return event.getIsBase64Encoded()
        ? Base64.getDecoder().decode(body)
        : body.getBytes(StandardCharsets.UTF_8);
  }
}
