package dev.jitgate.http;

import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.port.CallerEvidence;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as every front end hands it to the {@link Router}: the method, the path without
 * its query, the decoded query parameters (first value of each), the headers with lower-case names
 * (first value of each), the raw body, and the claims the platform's front door verified, if any.
 * Only a platform handler sets those claims, from what its platform vouches for, never from a
 * header.
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body,
    Map<String, Object> frontDoorClaims)
    implements CallerEvidence {

  public HttpRequest {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query == null ? Map.of() : query);
    Map<String, String> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    }
    headers = Map.copyOf(lower);
    body = body == null ? new byte[0] : body;
    frontDoorClaims = Map.copyOf(frontDoorClaims == null ? Map.of() : frontDoorClaims);
  }

  /** A request that no front door vouched for. */
  public HttpRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body) {
    this(method, path, query, headers, body, Map.of());
  }

  /** This request with the claims the platform's front door verified. */
  public HttpRequest withFrontDoorClaims(Map<String, Object> claims) {
    return new HttpRequest(method, path, query, headers, body, claims);
  }

  /**
   * Builds a request from a front end's raw parts: the query string still encoded, and headers that
   * may repeat (the first value counts).
   */
  public static HttpRequest of(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    Map<String, String> first = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach(
          (name, values) -> {
            if (values != null && !values.isEmpty()) {
              first.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
            }
          });
    }
    return new HttpRequest(method, path, parseQuery(rawQuery), first, body);
  }

  @Override
  public Optional<String> first(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<String> queryParam(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** Parses {@code a=1&b=x%20y} (also a form body); the first value of a repeated name counts. */
  public static Map<String, String> parseQuery(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /**
   * Parses a form body strictly: the body and every %-decoded name and value must be well-formed
   * UTF-8, and every %-escape complete.
   *
   * @throws InvalidRequestException when they are not
   */
  public static Map<String, String> parseForm(byte[] body) {
    String raw = Utf8.decode(body, "the form");
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      params.putIfAbsent(
          strictDecode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : strictDecode(pair.substring(eq + 1)));
    }
    return params;
  }

  /**
   * Whether anything a client sent arrived as text a strict decoder would have refused: a
   * replacement character from a lenient decode, or a control character, in a query parameter or a
   * header. The router answers such requests with 400.
   */
  public boolean hasMalformedText() {
    return query.entrySet().stream().anyMatch(e -> malformed(e.getKey()) || malformed(e.getValue()))
        || headers.values().stream().anyMatch(HttpRequest::malformed);
  }

  private static boolean malformed(String text) {
    return text.chars().anyMatch(c -> c == '\uFFFD' || (c < 0x20 && c != '\t') || c == 0x7F);
  }

  private static String strictDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      int c = s.codePointAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()
            || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new InvalidRequestException("the form has an incomplete %-escape");
        }
        bytes.write(
            Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] encoded = Character.toString(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return Utf8.decode(bytes.toByteArray(), "the form");
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A malformed %-escape: keep the text as sent, and let validation refuse it if it matters.
      return s;
    }
  }

  @Override
  public String toString() {
    // Approval paths carry a token, and headers may carry credentials: neither is printed.
    return "HttpRequest["
        + method
        + " "
        + (path.startsWith("/approvals/") ? "/approvals/…" : path)
        + "]";
  }
}
