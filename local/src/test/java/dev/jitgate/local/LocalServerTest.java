package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner's HTTP server: malformed HTTP, limits, timeouts, the pool and the Host check.
 */
class LocalServerTest {
  @TempDir Path data;
  RunningSystem system;
  int port;

  @BeforeEach
  void start() {
    system = new RunningSystem(data);
    port = system.runner.port();
  }

  @AfterEach
  void stop() {
    system.close();
  }

  @Test
  void malformedRequestLine_getsJson400_namingNoJavaClass() {
    RawHttp.Answer a =
        RawHttp.send(port, "GET /api/v1/requests HTTP/9.9\r\nHost: localhost\r\n\r\n");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).startsWith("{\"error\":{\"code\":\"invalid_request\",\"message\":");
    assertThat(a.text()).doesNotContain("Exception", "jetty", "Jetty", "java");
  }

  @Test
  void malformedHttp_ofEveryKind_getsJson4xx_withoutServerHeader() {
    List<String> raw =
        List.of(
            "GARBAGE\r\n\r\n",
            "GET /api/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n",
            "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
            "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                + "Content-Length: 2\r\n\r\nab",
            "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "\r\nzz\r\n{}\r\n0\r\n\r\n",
            "GET /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "a".repeat(20_000)
                + "\r\n\r\n");
    for (String request : raw) {
      RawHttp.Answer a = RawHttp.send(port, request);

      assertThat(a.status()).as(request).isBetween(400, 499);
      assertThat(a.body())
          .as(request)
          .matches("\\{\"error\":\\{\"code\":\"[a-z_]+\",\"message\":.*");
      assertThat(a.header("Server")).as(request).isFalse();
      assertThat(a.text()).as(request).doesNotContain("Exception", "Jetty", "jetty");
    }
  }

  @Test
  void chunkedBody_over64KiB_isPayloadTooLarge() {
    String chunk = "a".repeat(8 * 1024);
    StringBuilder request =
        new StringBuilder(
            "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nX-Jitgate-User: alice@example.com"
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 9; i++) {
      request
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    request.append("0\r\n\r\n");

    RawHttp.Answer a = RawHttp.send(port, request.toString());

    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body()).contains("\"code\":\"payload_too_large\"");
  }

  @Test
  void declaredBody_over64KiB_isRefusedBeforeItIsRead() {
    RawHttp.Answer a =
        RawHttp.send(
            port,
            "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nContent-Length: 10000000\r\n\r\n{");

    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body()).contains("\"code\":\"payload_too_large\"");
  }

  @Test
  void stalledMidBodyConnections_doNotFreezeHealthz() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 4 * LocalRunner.MAX_THREADS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nX-Jitgate-User: "
                    + "alice@example.com\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"entitlement\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        stalled.add(s);
      }
      HttpClient client = HttpClient.newHttpClient();
      long started = System.nanoTime();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(system.base() + "/healthz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(millis).isLessThan(1_000);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void stalledConnection_isClosedAfterTheIdleTimeout() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout((int) LocalRunner.IDLE_TIMEOUT_MS + 5_000);
      s.getOutputStream()
          .write(
              "POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n{"
                  .getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      byte[] rest = s.getInputStream().readAllBytes();
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(millis)
          .isBetween(LocalRunner.IDLE_TIMEOUT_MS - 1_000, LocalRunner.IDLE_TIMEOUT_MS + 4_000);
      assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain("Exception");
    }
  }

  @Test
  void foreignHost_orForeignRequestTarget_is400InTheJsonShape() {
    for (String host : List.of("evil.example", "127.0.0.1.evil.example", "localhost.evil:80", "")) {
      RawHttp.Answer a =
          RawHttp.send(
              port,
              "GET /api/v1/entitlements HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nX-Jitgate-User: alice@example.com\r\n\r\n");

      assertThat(a.status()).as(host).isEqualTo(400);
      assertThat(a.body()).as(host).startsWith("{\"error\":{\"code\":");
    }
    RawHttp.Answer absolute =
        RawHttp.send(port, "GET http://evil.example/healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(absolute.status()).isEqualTo(400);
  }

  @Test
  void loopbackHosts_withOrWithoutPort_areServed() {
    for (String host :
        List.of("127.0.0.1", "localhost", "[::1]", "LOCALHOST:" + port, "127.0.0.1:1")) {
      RawHttp.Answer a =
          RawHttp.send(
              port, "GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");

      assertThat(a.status()).as(host).isEqualTo(200);
    }
  }
}
