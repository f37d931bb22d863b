package dev.jitgate.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The router's answer: a status, headers, and a body that front ends send as is. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
  static final String JSON = "application/json; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";

  public HttpResponse {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    body = body == null ? new byte[0] : body;
  }

  public static HttpResponse json(int status, String json) {
    return new HttpResponse(
        status,
        Map.of("Content-Type", JSON, "Cache-Control", "no-store"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An HTML page. The URL of an approval page holds a token, so the page is never cached, never
   * framed, sends no referrer, and may load nothing but its own inline style.
   */
  public static HttpResponse html(int status, String html) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", HTML);
    headers.put("Cache-Control", "no-store");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    return new HttpResponse(status, headers, html.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpResponse(status, more, body);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The header {@code name}, whatever its case, or null. */
  public String header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
