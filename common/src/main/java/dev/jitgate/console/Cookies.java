package dev.jitgate.console;

import dev.jitgate.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's one cookie and its attributes. It holds, sealed, either a sign-in in progress
 * (state, nonce and PKCE verifier) or a session, so every answer sets at most one cookie. Deployed,
 * it carries the {@code __Host-} prefix with {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}
 * and {@code Path=/}, so no subdomain and no plain-HTTP page can set or read it.
 *
 * @param name the cookie's name
 * @param secure whether the cookie is {@code Secure}; only the local runner may clear it
 */
public record Cookies(String name, boolean secure) {
  /** The cookie of every deployment. */
  public static final Cookies DEPLOYED = new Cookies("__Host-jitgate", true);

  public Cookies {
    if (name.startsWith("__Host-") != secure) {
      throw new IllegalArgumentException("a __Host- cookie, and only it, is Secure");
    }
  }

  /** A {@code Set-Cookie} value that keeps {@code value} for {@code maxAgeSeconds}. */
  String set(String value, long maxAgeSeconds) {
    return name
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** A {@code Set-Cookie} value that removes the cookie. */
  String clear() {
    return set("", 0);
  }

  /** The cookie's value in the request's {@code Cookie} header. */
  Optional<String> read(HttpRequest request) {
    return Optional.ofNullable(all(request.first("cookie").orElse("")).get(name));
  }

  private static Map<String, String> all(String header) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.putIfAbsent(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return cookies;
  }
}
