package dev.jitgate.azure.bench;

import com.microsoft.azure.functions.HttpResponseMessage;
import dev.jitgate.azure.handler.Messages;
import java.util.Map;

/**
 * The baseline of {@code bench/azure-cold-start}: what {@link ColdStartProbe} does for jitgate's
 * function, for {@link TrivialFunction}, in a fresh JVM on a classpath of that function alone.
 */
public final class TrivialProbe {
  private TrivialProbe() {}

  public static void main(String[] args) {
    TrivialFunction function = new TrivialFunction();
    HttpResponseMessage response =
        function.run(
            Messages.request(
                "GET",
                "https://jitgate-bench.azurewebsites.net/api/v1/requests",
                Map.of("Accept", "application/json"),
                null),
            new ColdStartProbe.Invocation());
    System.out.println(
        "first-response-at=" + System.currentTimeMillis() + " status=" + response.getStatusCode());
  }
}
