package dev.jitgate.azure.provider;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import java.net.MalformedURLException;
import java.net.URL;
import reactor.core.publisher.Mono;

/**
 * The JDK HTTP client, sending every request to a loopback port instead of its host. The SDK keeps
 * talking to {@code https://management.azure.com} (its bearer-token policy refuses plain http), and
 * only the bytes go to the stub, over http.
 */
final class LoopbackHttpClient implements HttpClient {
  private final HttpClient delegate;
  private final int port;

  LoopbackHttpClient(HttpClient delegate, int port) {
    this.delegate = delegate;
    this.port = port;
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return delegate.send(toLoopback(request));
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request, Context context) {
    return delegate.send(toLoopback(request), context);
  }

  @Override
  public HttpResponse sendSync(HttpRequest request, Context context) {
    return delegate.sendSync(toLoopback(request), context);
  }

  private HttpRequest toLoopback(HttpRequest request) {
    URL url = request.getUrl();
    if (!"management.azure.com".equals(url.getHost())) {
      throw new IllegalStateException("unexpected host in " + url);
    }
    try {
      return request.setUrl(new URL("http", "127.0.0.1", port, url.getFile()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
