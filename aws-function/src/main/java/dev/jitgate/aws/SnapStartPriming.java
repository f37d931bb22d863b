package dev.jitgate.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.jitgate.aws.handler.ApiHandler;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.Router;
import dev.jitgate.notify.DeferredNotifier;
import dev.jitgate.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: just before Lambda snapshots an initialized instance, runs the policy and the
 * API handler through their paths once and builds the deferred notifiers and the access providers'
 * clients (which a start without SnapStart builds only on first use), so the snapshot holds those
 * classes loaded and warm. It makes no network call: only {@code /healthz} and an unauthenticated
 * API call (401), which stop before any store, identity provider or cloud is asked anything;
 * building a notifier's client connects nowhere.
 */
final class SnapStartPriming implements Resource {
  private final Router router;
  private final Policy policy;
  private final List<DeferredNotifier> notifiers;
  private final Runnable providerClients;

  /**
   * @param providerClients builds the access providers' clients, which the providers otherwise
   *     build on their first grant or revoke
   */
  SnapStartPriming(
      Router router, Policy policy, List<DeferredNotifier> notifiers, Runnable providerClients) {
    this.router = router;
    this.policy = policy;
    this.notifiers = List.copyOf(notifiers);
    this.providerClients = providerClients;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to refresh. The one call before the snapshot is the KMS Decrypt of the signing keys
    // (when they are given encrypted): its connection is never used again, and the credentials it
    // resolved carry their expiry, so the SDK's providers fetch new ones when they run out.
  }

  /** The responses' status codes, in order: 200 for {@code /healthz}, 401 for the API. */
  List<Integer> prime() {
    policy.requestableBy(Caller.of("snapstart-priming@example.com"));
    notifiers.forEach(DeferredNotifier::prepare);
    providerClients.run();
    ApiHandler handler = new ApiHandler(router);
    List<Integer> statuses = new ArrayList<>();
    statuses.add(handler.handleRequest(event("/healthz"), null).getStatusCode());
    statuses.add(handler.handleRequest(event("/api/v1/entitlements"), null).getStatusCode());
    return statuses;
  }

  private static APIGatewayV2HTTPEvent event(String path) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withRawQueryString("")
        .withHeaders(Map.of("accept", "application/json", "user-agent", "snapstart-priming"))
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("GET")
                        .withPath(path)
                        .withProtocol("HTTP/1.1")
                        .withSourceIp("127.0.0.1")
                        .build())
                .build())
        .build();
  }
}
