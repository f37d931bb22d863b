package dev.jitgate.azure.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared client sends bodies without a warning each time, and still warns of the rest. */
class JdkHttpTest {
  private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger clientLogger = Logger.getLogger(JdkHttp.CLIENT_LOGGER);
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              exchange.getRequestHeaders().getFirst("Content-Length")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    clientLogger.addHandler(capture);
  }

  @AfterEach
  void stop() {
    clientLogger.removeHandler(capture);
    server.stop(0);
  }

  @Test
  void aBodyWithItsContentLength_isSent_andLogsNothing() {
    HttpClient client = JdkHttp.client();

    int status = send(client, HttpHeaderName.CONTENT_LENGTH, "15");

    assertThat(status).isEqualTo(204);
    assertThat(received).containsExactly("15 {\"RowKey\":\"r1\"}");
    assertThat(logged).isEmpty();
  }

  @Test
  void anotherRestrictedHeader_isStillWarnedOf() {
    HttpClient client = JdkHttp.client();

    int status = send(client, HttpHeaderName.fromString("Upgrade"), "h2c");

    assertThat(status).isEqualTo(204);
    assertThat(logged)
        .singleElement()
        .asString()
        .startsWith("WARNING ")
        .contains("restricted by 'java.net.http.HttpClient'", "\"headerName\":\"upgrade\"");
  }

  private int send(HttpClient client, HttpHeaderName header, String value) {
    HttpRequest request =
        new HttpRequest(HttpMethod.PUT, "http://127.0.0.1:" + server.getAddress().getPort() + "/t")
            .setHeader(header, value)
            .setBody("{\"RowKey\":\"r1\"}");
    try (HttpResponse response = client.sendSync(request, com.azure.core.util.Context.NONE)) {
      return response.getStatusCode();
    }
  }
}
