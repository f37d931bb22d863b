package dev.jitgate.local;

import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.http.StreamedResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hands each Jetty request to the router: refuses a Host that is not loopback, reads the body
 * without holding a thread while the client is slow (SizeLimitHandler stops it past 64 KiB), and
 * writes the router's answer back.
 */
final class RequestAdapter extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger(RequestAdapter.class.getName());

  /** Bytes gathered before a streamed body is written to the socket. */
  private static final int STREAM_BUFFER = 16 * 1024;

  private final Router router;

  RequestAdapter(Router router) {
    this.router = router;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet) || !inet.getAddress().isLoopbackAddress()) {
      // The server binds 127.0.0.1 only; this is a second lock on the development header.
      Response.writeError(request, response, callback, 403, "only loopback callers are served");
      return true;
    }
    if (!hostIsLoopback(request)) {
      send(response, callback, HttpResponse.json(400, LoopbackHost.refusal()));
      return true;
    }
    long declared = request.getLength();
    if (declared > Router.MAX_BODY_BYTES) {
      // Refused before a byte of the body is read; the connection is closed after the answer.
      Response.writeError(request, response, callback, 413, "the body is larger than 64 KiB");
      return true;
    }
    // Reading asynchronously: a client that stalls mid-body holds a connection until the idle
    // timeout, but no thread of the bounded pool.
    Content.Source.asByteArrayAsync(request, Router.MAX_BODY_BYTES + 1)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                fail(request, response, callback, failure);
              } else {
                answer(request, response, callback, body);
              }
            });
    return true;
  }

  /** The Host header, and the host of an absolute request target, must both name loopback. */
  private static boolean hostIsLoopback(Request request) {
    List<String> hosts = request.getHeaders().getValuesList(HttpHeader.HOST);
    if (hosts.size() != 1 || !LoopbackHost.allowed(hosts.get(0))) {
      return false;
    }
    String target = request.getHttpURI().getHost();
    return target == null || LoopbackHost.allowed(target) || target.equals("::1");
  }

  private void answer(Request request, Response response, Callback callback, byte[] body) {
    try {
      StreamedResponse answer = router.handleStreamed(toRouterRequest(request, body));
      if (answer.body() == null) {
        send(response, callback, answer.head());
      } else {
        stream(response, callback, answer);
      }
    } catch (RuntimeException e) {
      // The router answers its own errors; this is a fault of the adapter, answered without detail.
      Response.writeError(request, response, callback, 500, "the server could not answer");
    }
  }

  /**
   * Writes a streamed body as it is produced, chunked. A failure part way cannot change the status
   * any more: the connection is aborted, and the client sees a body without its end line.
   */
  private static void stream(Response response, Callback callback, StreamedResponse answer) {
    response.setStatus(answer.head().status());
    answer.head().headers().forEach((name, value) -> response.getHeaders().put(name, value));
    try (OutputStream out =
        new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_BUFFER)) {
      answer.body().writeTo(out);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "a streamed answer broke off: {0}", e.toString());
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  private static void send(Response response, Callback callback, HttpResponse answer) {
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    byte[] out = answer.body();
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.length);
    response.write(true, ByteBuffer.wrap(out), callback);
  }

  private static void fail(Request request, Response response, Callback callback, Throwable x) {
    int status = 400;
    for (Throwable t = x; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException) {
        status = 408;
        break;
      }
      if (t instanceof HttpException http) {
        // SizeLimitHandler's 413, or the parser's 400 for bad chunking.
        status = http.getCode();
        break;
      }
    }
    Response.writeError(request, response, callback, status, "the body could not be read");
  }

  static HttpRequest toRouterRequest(Request request, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
    }
    return HttpRequest.of(
        request.getMethod(),
        request.getHttpURI().getPath(),
        request.getHttpURI().getQuery(),
        headers,
        body);
  }
}
