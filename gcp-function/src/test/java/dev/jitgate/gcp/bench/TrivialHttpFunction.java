package dev.jitgate.gcp.bench;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.IOException;

/**
 * The cold-start bench's baseline: the least an HTTP function can do, answering every request 200
 * with a fixed JSON body, through the same Functions Framework invoker as jitgate's.
 */
public final class TrivialHttpFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    response.setStatusCode(200);
    response.setContentType("application/json");
    response.getWriter().write("{\"items\":[],\"path\":\"" + request.getPath() + "\"}");
  }
}
