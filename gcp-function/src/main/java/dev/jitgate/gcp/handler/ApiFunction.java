package dev.jitgate.gcp.handler;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.jitgate.gcp.GcpWiring;
import dev.jitgate.http.Router;
import java.io.IOException;
import java.util.Objects;

/**
 * The API and approval-link function: every path and method, handed to the neutral router, which
 * authenticates callers by bearer token or, when the deployment sits behind it, Identity-Aware
 * Proxy's signed header.
 */
public final class ApiFunction implements HttpFunction {
  private final Router router;

  /** Used by the Functions Framework: the router of this instance's root, built once. */
  public ApiFunction() {
    this(GcpWiring.instance().router());
  }

  public ApiFunction(Router router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    GcpHttp.respond(router.handle(GcpHttp.request(request)), response);
  }
}
