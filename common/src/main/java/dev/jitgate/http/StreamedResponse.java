package dev.jitgate.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An answer whose body may be written piece by piece: {@code head} carries the status and headers
 * (and the whole body when {@code body} is null). A front end that can stream, such as the local
 * runner's Jetty, writes the body to the socket as it is produced; the serverless front ends buffer
 * it with {@link #buffered()}. Once streaming has begun the status cannot change, so a body cut
 * short by a failure ends the connection early instead, and the reader sees no end line.
 */
public record StreamedResponse(HttpResponse head, BodyWriter body) {

  /** Writes a body. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  public StreamedResponse {
    Objects.requireNonNull(head, "head");
  }

  /** A complete answer, nothing left to stream. */
  public static StreamedResponse of(HttpResponse complete) {
    return new StreamedResponse(complete, null);
  }

  /** The answer with its whole body in memory. */
  public HttpResponse buffered() {
    if (body == null) {
      return head;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      body.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a buffered body failed", e);
    }
    return new HttpResponse(head.status(), head.headers(), out.toByteArray());
  }
}
