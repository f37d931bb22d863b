package dev.jitgate.console;

import dev.jitgate.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The console's two static files, read from the jar once. Pages link them with a hash of their
 * content in the query, so browsers may cache them for a year and still get a changed file at once.
 */
enum Assets {
  CSS("console.css", "text/css; charset=utf-8"),
  SCRIPT("console.js", "text/javascript; charset=utf-8");

  private final String file;
  private final String type;
  private final byte[] bytes;
  private final String version;

  Assets(String file, String type) {
    this.file = file;
    this.type = type;
    this.bytes = load(file);
    this.version = hash(bytes);
  }

  /** The path under {@code /console/} that pages link, with the content's hash. */
  String path() {
    return "static/" + file + "?v=" + version;
  }

  /** The asset served at {@code static/<name>}, or null. */
  static Assets named(String path) {
    for (Assets a : values()) {
      if (path.equals("static/" + a.file)) {
        return a;
      }
    }
    return null;
  }

  HttpResponse response() {
    return new HttpResponse(
        200,
        Map.of(
            "Content-Type", type,
            "Cache-Control", "public, max-age=31536000, immutable",
            "X-Content-Type-Options", "nosniff"),
        bytes);
  }

  private static byte[] load(String file) {
    try (InputStream in = Assets.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + file + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
