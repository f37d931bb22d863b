package dev.jitgate.aws.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event fixtures under {@code events/}, loaded as the Lambda runtime would deserialize them.
 */
final class Events {
  static final String API_POST_REQUEST = "events/apigw-http-post-request.json";
  static final String API_POST_APPROVE = "events/apigw-http-post-approve.json";
  static final String API_GET_REQUESTS = "events/apigw-http-get-requests.json";
  static final String API_GET_OWN_REQUESTS = "events/apigw-http-get-own-requests.json";
  static final String API_NAMED_STAGE_HEALTHZ = "events/apigw-http-named-stage-healthz.json";
  static final String URL_POST_APPROVE = "events/function-url-post-approve.json";
  static final String URL_POST_APPROVAL_FORM = "events/function-url-post-approval-form.json";
  static final String SCHEDULED = "events/eventbridge-scheduled.json";

  private Events() {}

  static APIGatewayV2HTTPEvent http(String fixture) {
    return EventLoader.loadApiGatewayHttpEvent(fixture);
  }

  /** A fixture whose path names {@code REQUEST_ID} or {@code APPROVAL_TOKEN}, for that one. */
  static APIGatewayV2HTTPEvent http(String fixture, String pathPart) {
    APIGatewayV2HTTPEvent event = http(fixture);
    event.setRawPath(
        event.getRawPath().replace("REQUEST_ID", pathPart).replace("APPROVAL_TOKEN", pathPart));
    event.getRequestContext().getHttp().setPath(event.getRawPath());
    return event;
  }

  /** The event with the JWT authorizer's claims changed as given; a null value removes a claim. */
  static APIGatewayV2HTTPEvent withClaims(APIGatewayV2HTTPEvent event, Map<String, String> change) {
    Map<String, String> claims =
        new LinkedHashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
    change.forEach(
        (name, value) -> {
          if (value == null) {
            claims.remove(name);
          } else {
            claims.put(name, value);
          }
        });
    event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
    return event;
  }

  static ScheduledEvent scheduled() {
    return EventLoader.loadScheduledEvent(SCHEDULED);
  }

  /** The event with {@code Authorization: Bearer <token>}, as API Gateway passes it on. */
  static APIGatewayV2HTTPEvent withBearer(APIGatewayV2HTTPEvent event, String token) {
    Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
    headers.put("authorization", "Bearer " + token);
    event.setHeaders(headers);
    return event;
  }
}
