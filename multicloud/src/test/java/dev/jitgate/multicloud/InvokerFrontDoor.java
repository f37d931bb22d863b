package dev.jitgate.multicloud;

import dev.jitgate.gcp.handler.ApiFunction;
import dev.jitgate.gcp.handler.InvokerServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Google deployment's front door: real HTTP to Google's Functions Framework invoker on a
 * loopback port, serving the Google {@link ApiFunction}. One at a time: the invoker finds its
 * function through a static.
 */
final class InvokerFrontDoor implements FrontDoor {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  private final InvokerServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private boolean closed;

  InvokerFrontDoor(ApiFunction function) throws Exception {
    this.server = InvokerServer.serving(function);
  }

  @Override
  public Answer send(String method, String pathAndQuery, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(
        (name, value) -> {
          if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
            request.header(name, value);
          }
        });
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + pathAndQuery + " on the invoker failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the invoker; once. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.close();
    }
  }
}
