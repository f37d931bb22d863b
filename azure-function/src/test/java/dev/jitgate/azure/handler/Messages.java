package dev.jitgate.azure.handler;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP messages as the Java worker hands them to a function: header names lower-cased as the host
 * forwards them, query parameters decoded, the body as bytes (the binding's data type is binary).
 */
public final class Messages {
  /** What the Java worker passes for a timer trigger whose binding has no data type. */
  public static final String TIMER =
      "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":"
          + "\"2026-11-21T10:59:00+00:00\",\"Next\":\"2026-11-21T11:01:00+00:00\","
          + "\"LastUpdated\":\"2026-11-21T10:59:00+00:00\"},\"IsPastDue\":false}";

  private Messages() {}

  public static HttpRequestMessage<Optional<byte[]>> request(
      String method, String url, Map<String, String> headers, String body) {
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((name, value) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), value));
    URI uri = URI.create(url);
    // The host forwards the Host header it was sent.
    lower.putIfAbsent("host", uri.getAuthority());
    Optional<byte[]> bytes =
        body == null ? Optional.empty() : Optional.of(body.getBytes(StandardCharsets.UTF_8));
    return new Request(HttpMethod.value(method), uri, lower, bytes);
  }

  private record Request(
      HttpMethod method, URI uri, Map<String, String> headers, Optional<byte[]> body)
      implements HttpRequestMessage<Optional<byte[]>> {
    @Override
    public URI getUri() {
      return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
      return method;
    }

    @Override
    public Map<String, String> getHeaders() {
      return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
      Map<String, String> query = new LinkedHashMap<>();
      dev.jitgate.http.HttpRequest.parseQuery(uri.getRawQuery()).forEach(query::put);
      return query;
    }

    @Override
    public Optional<byte[]> getBody() {
      return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
      return new Builder().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
      return new Builder().status(status);
    }
  }

  static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status = HttpStatus.OK;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return new Response(status, Map.copyOf(headers), body);
    }
  }

  public record Response(HttpStatusType status, Map<String, String> headers, Object body)
      implements HttpResponseMessage {
    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }

    @Override
    public Object getBody() {
      return body;
    }

    public String text() {
      return body == null ? "" : new String((byte[]) body, StandardCharsets.UTF_8);
    }
  }
}
