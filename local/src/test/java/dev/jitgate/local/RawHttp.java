package dev.jitgate.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Sends raw bytes over a socket and reads one HTTP answer: what no HTTP client would send. */
final class RawHttp {
  private RawHttp() {}

  /** One parsed answer: status, the header block as text, and the body. */
  record Answer(int status, String head, String body) {
    boolean header(String name) {
      return head.toLowerCase(Locale.ROOT).contains("\r\n" + name.toLowerCase(Locale.ROOT) + ":");
    }

    String text() {
      return head + "\r\n\r\n" + body;
    }
  }

  static Answer send(int port, byte[] request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Answer send(int port, String request) {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads the head, then Content-Length bytes of body (or to the end of the stream). */
  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int end = -1;
    while (end < 0) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
      byte[] sofar = buf.toByteArray();
      int n = sofar.length;
      if (n >= 4
          && sofar[n - 4] == '\r'
          && sofar[n - 3] == '\n'
          && sofar[n - 2] == '\r'
          && sofar[n - 1] == '\n') {
        end = n;
      }
    }
    String head = buf.toString(StandardCharsets.ISO_8859_1).strip();
    if (head.isEmpty()) {
      return new Answer(-1, "", "");
    }
    int status = Integer.parseInt(head.substring(9, 12));
    int length = -1;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body;
    try {
      body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
    } catch (SocketTimeoutException e) {
      body = new byte[0];
    }
    return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
  }
}
