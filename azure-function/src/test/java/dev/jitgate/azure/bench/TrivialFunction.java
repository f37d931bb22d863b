package dev.jitgate.azure.bench;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * The cold-start bench's baseline: the least an annotated HTTP function can do, answering every
 * request 200 with a fixed JSON body, called the way the bench calls jitgate's.
 */
public final class TrivialFunction {
  @FunctionName("trivial")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "request",
              methods = {HttpMethod.GET},
              authLevel = AuthorizationLevel.ANONYMOUS,
              route = "{*path}",
              dataType = "binary")
          HttpRequestMessage<Optional<byte[]>> message,
      ExecutionContext context) {
    return message
        .createResponseBuilder(HttpStatus.OK)
        .header("Content-Type", "application/json")
        .body("{\"items\":[],\"path\":\"" + message.getUri().getPath() + "\"}")
        .build();
  }
}
