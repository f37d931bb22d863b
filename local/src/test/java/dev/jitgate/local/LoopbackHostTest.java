package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 12: DNS rebinding. A page on evil.example that rebinds its name to 127.0.0.1 sends
 * {@code Host: evil.example}; the runner answers it with 400 and does nothing.
 */
class LoopbackHostTest {
  @TempDir Path data;
  private RunningSystem system;

  @AfterEach
  void close() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void requestForAnotherHostName_is400InTheJsonShape_andLoopbackNamesWork() throws IOException {
    system = new RunningSystem(data);

    String rebound = raw("evil.example:" + system.runner.port());
    String local = raw("localhost:" + system.runner.port());
    String literal = raw("127.0.0.1:" + system.runner.port());

    assertThat(rebound).startsWith("HTTP/1.1 400").contains("\"code\":\"invalid_request\"");
    assertThat(rebound).doesNotContain("gcp-sandbox-editor");
    assertThat(local).startsWith("HTTP/1.1 200").contains("gcp-sandbox-editor");
    assertThat(literal).startsWith("HTTP/1.1 200");
  }

  @Test
  void loopbackNames_withOrWithoutAPort_areTheOnlyOnesAllowed() {
    assertThat(LoopbackHost.allowed("127.0.0.1")).isTrue();
    assertThat(LoopbackHost.allowed("LOCALHOST:8080")).isTrue();
    assertThat(LoopbackHost.allowed("[::1]:8080")).isTrue();
    assertThat(LoopbackHost.allowed("127.0.0.1.evil.example")).isFalse();
    assertThat(LoopbackHost.allowed("localhost.evil.example:8080")).isFalse();
    assertThat(LoopbackHost.allowed("localhost:80x")).isFalse();
    assertThat(LoopbackHost.allowed("")).isFalse();
    assertThat(LoopbackHost.allowed(null)).isFalse();
  }

  private String raw(String host) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.runner.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/entitlements HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nX-Jitgate-User: alice@example.com\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
