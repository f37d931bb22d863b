package dev.jitgate.azure.handler;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.jitgate.azure.AzureWiring;
import dev.jitgate.azure.ClientPrincipal;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.Router;
import java.util.Objects;
import java.util.Optional;

/**
 * The API and approval-link function: every path and method, handed to the neutral router.
 * Anonymous at the platform, because jitgate authenticates callers itself: a bearer token, or App
 * Service authentication's {@code X-MS-CLIENT-PRINCIPAL} when the deployment trusts it.
 */
public final class ApiFunction {
  private final Router router;
  private final boolean trustClientPrincipal;

  /** Used by the Java worker, which may make an instance per call: the root is built once. */
  public ApiFunction() {
    this(AzureWiring.instance().router(), AzureWiring.instance().trustsClientPrincipal());
  }

  /**
   * @param trustClientPrincipal true only behind App Service authentication, whose front end sets
   *     the header and strips it from what clients send
   */
  public ApiFunction(Router router, boolean trustClientPrincipal) {
    this.router = Objects.requireNonNull(router, "router");
    this.trustClientPrincipal = trustClientPrincipal;
  }

  @FunctionName("api")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "request",
              methods = {
                HttpMethod.GET,
                HttpMethod.HEAD,
                HttpMethod.POST,
                HttpMethod.PUT,
                HttpMethod.PATCH,
                HttpMethod.DELETE,
                HttpMethod.OPTIONS
              },
              authLevel = AuthorizationLevel.ANONYMOUS,
              route = "{*path}",
              dataType = "binary")
          HttpRequestMessage<Optional<byte[]>> message,
      ExecutionContext context) {
    HttpRequest request = AzureHttp.request(message);
    if (trustClientPrincipal) {
      request =
          request.withFrontDoorClaims(
              ClientPrincipal.claims(request.first(ClientPrincipal.HEADER)));
    }
    return AzureHttp.response(message, router.handle(request));
  }
}
