package dev.jitgate.gcp.handler;

import com.google.cloud.functions.HttpResponse;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Converts between the Functions Framework's HTTP messages and the router's neutral request and
 * response. The body is read up to one byte past the router's limit, so that an oversized body is
 * answered 413 without being read whole.
 */
final class GcpHttp {
  private GcpHttp() {}

  static HttpRequest request(com.google.cloud.functions.HttpRequest request) throws IOException {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(Router.MAX_BODY_BYTES + 1);
    }
    return HttpRequest.of(
        request.getMethod(),
        request.getPath(),
        request.getQuery().orElse(null),
        request.getHeaders(),
        body);
  }

  static void respond(dev.jitgate.http.HttpResponse from, HttpResponse to) throws IOException {
    to.setStatusCode(from.status());
    from.headers().forEach(to::appendHeader);
    try (OutputStream out = to.getOutputStream()) {
      out.write(from.body());
    }
  }
}
