package dev.jitgate.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error the server itself answers (malformed HTTP, timeouts, limits, the Host check) in
 * API.md's shape {@code {"error":{"code","message"}}}, or a plain HTML page on {@code /approvals}
 * paths. The message is chosen here from the status alone, so it never carries an exception's text,
 * a class name or a version.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = clientStatus(response.getStatus());
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    byte[] body;
    if (path != null && path.startsWith("/approvals/")) {
      headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      body = html(status).getBytes(StandardCharsets.UTF_8);
    } else {
      headers.put(HttpHeader.CONTENT_TYPE, "application/json");
      body = json(status).getBytes(StandardCharsets.UTF_8);
    }
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The answer to HTTP that could not be parsed into a request: always JSON. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    int answered = clientStatus(status);
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    return ByteBuffer.wrap(json(answered).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Jetty answers some malformed requests with 5xx (505 for an unknown HTTP version, 501 for
   * unsupported transfer codings); they are the client's fault, so they are answered 400.
   */
  static int clientStatus(int status) {
    return switch (status) {
      case 501, 505 -> 400;
      default -> status < 400 ? 500 : status;
    };
  }

  static String json(int status) {
    return "{\"error\":{\"code\":\""
        + code(status)
        + "\",\"message\":\""
        + message(status)
        + "\"}}";
  }

  private static String html(int status) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>jitgate</title>"
        + "</head><body><h1>"
        + status
        + "</h1><p>"
        + message(status)
        + "</p></body></html>";
  }

  static String code(int status) {
    return switch (status) {
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "invalid_request";
    };
  }

  static String message(int status) {
    return switch (status) {
      case 403 -> "only loopback callers are served.";
      case 404 -> "there is nothing at this path.";
      case 405 -> "this path does not accept that method.";
      case 408 -> "the request did not arrive in time; send it again.";
      case 413 -> "the body is larger than 64 KiB.";
      case 414 -> "the request target is too long.";
      case 415 -> "send the body as application/json.";
      case 431 -> "the request headers are larger than 16 KiB.";
      default ->
          status >= 500
              ? "the server could not answer; try again."
              : "the request is not well-formed HTTP; check its request line, headers and body.";
    };
  }
}
