package dev.jitgate.multicloud;

import dev.jitgate.azure.handler.ApiFunction;
import dev.jitgate.azure.handler.Messages;
import java.util.Map;

/**
 * The Azure deployment's front door: HTTP messages as the Java worker hands them to the Azure
 * {@link ApiFunction} (header names lower-cased, the body as bytes).
 */
final class FunctionsWorkerFrontDoor implements FrontDoor {
  private final ApiFunction function;
  private final String baseUrl;

  FunctionsWorkerFrontDoor(ApiFunction function, String baseUrl) {
    this.function = function;
    this.baseUrl = baseUrl;
  }

  @Override
  public Answer send(String method, String pathAndQuery, Map<String, String> headers, String body) {
    Messages.Response response =
        (Messages.Response)
            function.run(Messages.request(method, baseUrl + pathAndQuery, headers, body), null);
    return new Answer(response.getStatusCode(), response.text());
  }
}
