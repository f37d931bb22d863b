package dev.jitgate.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Hands each JDK HttpServer exchange to the router, reading at most one byte past 64 KiB. */
final class ExchangeAdapter implements HttpHandler {
  private final Router router;

  ExchangeAdapter(Router router) {
    this.router = router;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
        // The server binds 127.0.0.1 only; this is a second lock on the development header.
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      if (!LoopbackHost.allowed(exchange.getRequestHeaders().getFirst("Host"))) {
        send(exchange, HttpResponse.json(400, LoopbackHost.refusal()));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(Router.MAX_BODY_BYTES + 1);
      }
      HttpRequest request =
          HttpRequest.of(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              body);
      send(exchange, router.handle(request));
    }
  }

  private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      exchange.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    byte[] out = response.body();
    exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }
}
