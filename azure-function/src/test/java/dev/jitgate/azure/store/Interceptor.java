package dev.jitgate.azure.store;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A pipeline policy for tests: records each request the store sends ({@code METHOD path}), and when
 * armed fails every write of a request entity before it leaves, as if the function stopped between
 * its index writes and its request write. Runs once per call, before the client's retries.
 */
final class Interceptor implements HttpPipelinePolicy {

  private final List<String> requests = new ArrayList<>();
  private volatile boolean failRequestWrites;

  /** From now on, fails every write of a request entity (insert, replace, merge). */
  void failRequestWrites(boolean fail) {
    failRequestWrites = fail;
  }

  /** The requests sent so far, as {@code METHOD decoded-path}. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  synchronized void clear() {
    requests.clear();
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    if (intercept(context.getHttpRequest())) {
      return Mono.error(injected());
    }
    return next.process();
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    if (intercept(context.getHttpRequest())) {
      throw new UncheckedIOException(injected());
    }
    return next.processSync();
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }

  /** Records {@code request}; true if it must fail. */
  private boolean intercept(HttpRequest request) {
    HttpMethod method = request.getHttpMethod();
    String path = URLDecoder.decode(request.getUrl().getPath(), StandardCharsets.UTF_8);
    synchronized (this) {
      requests.add(method + " " + path);
    }
    // Inserts are POSTs to the table, and this store inserts only request entities and
    // tombstones; updates of a request entity name its RowKey.
    boolean requestWrite =
        method == HttpMethod.POST
            || (method != HttpMethod.GET
                && method != HttpMethod.DELETE
                && path.contains("RowKey='" + RequestEntities.ROW + "'"));
    return failRequestWrites && requestWrite;
  }

  private static IOException injected() {
    return new IOException("injected: the function stopped before writing the request");
  }
}
