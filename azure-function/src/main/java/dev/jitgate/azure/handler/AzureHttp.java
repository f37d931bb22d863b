package dev.jitgate.azure.handler;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Converts between the Java worker's HTTP messages and the router's neutral request and response,
 * hiding the worker's quirks: header names may arrive lower-cased, and the body comes as bytes only
 * when the binding's data type is {@code binary}.
 */
final class AzureHttp {
  private AzureHttp() {}

  static HttpRequest request(HttpRequestMessage<Optional<byte[]>> message) {
    URI uri = message.getUri();
    // Case-insensitive, and the first value of a repeated name wins, as everywhere in jitgate.
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (message.getHeaders() != null) {
      message.getHeaders().forEach((name, value) -> headers.putIfAbsent(name, List.of(value)));
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    byte[] body = message.getBody() == null ? new byte[0] : message.getBody().orElse(new byte[0]);
    return HttpRequest.of(message.getHttpMethod().name(), path, uri.getRawQuery(), headers, body);
  }

  static HttpResponseMessage response(
      HttpRequestMessage<Optional<byte[]>> message, HttpResponse response) {
    HttpResponseMessage.Builder builder =
        message.createResponseBuilder(HttpStatusType.custom(response.status()));
    response.headers().forEach(builder::header);
    return builder.body(response.body()).build();
  }
}
