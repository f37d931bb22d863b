package dev.jitgate.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses state-changing requests that a browser sent on behalf of another site: under a
 * cookie-based front door (App Service authentication, IAP) a cross-site form or script would
 * otherwise act as the signed-in person. A browser says where a request comes from in {@code
 * Sec-Fetch-Site} and {@code Origin}; only the same origin is accepted. A client that sends
 * neither, such as curl, is not a browser and is let through; the API's JSON content type then
 * keeps plain cross-site forms out too, since a form cannot send it.
 */
public final class CrossSite {
  private CrossSite() {}

  /**
   * Why {@code request} looks cross-site, or empty when it does not. {@code Sec-Fetch-Site} decides
   * when the browser sends it: {@code Origin} is {@code null} on a form our own pages post, since
   * they set {@code Referrer-Policy: no-referrer}. Browsers too old to send it are judged by {@code
   * Origin}.
   */
  public static Optional<String> refusal(HttpRequest request) {
    Optional<String> site =
        request.first("sec-fetch-site").map(v -> v.strip().toLowerCase(Locale.ROOT));
    if (site.isPresent()) {
      return site.get().equals("same-origin") || site.get().equals("none")
          ? Optional.empty()
          : Optional.of("the browser marked this request as " + site.get());
    }
    Optional<String> origin = request.first("origin").map(String::strip);
    if (origin.isPresent() && !sameOrigin(origin.get(), request.first("host").orElse(""))) {
      return Optional.of("it comes from another origin");
    }
    return Optional.empty();
  }

  /** Whether {@code origin} names the host (and port) the request was sent to. */
  private static boolean sameOrigin(String origin, String host) {
    if (origin.equals("null") || host.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null) {
        return false;
      }
      String authority = uri.getRawAuthority();
      return authority.equalsIgnoreCase(host.strip())
          || (uri.getPort() == -1 && uri.getHost().equalsIgnoreCase(host.strip()));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
