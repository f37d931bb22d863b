package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The frame of every console page: a skip link, the header with the navigation and the signed-in
 * person, and the page's own content in {@code <main>}. Pages load only the console's own style
 * sheet and script; the policy forbids inline script and style.
 */
final class Layout {
  static final String CSP =
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action"
          + " 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** The navigation's sections, by the path under {@code /console/} each lives at. */
  enum Section {
    CATALOGUE("", "Request access"),
    MINE("requests", "My requests"),
    APPROVE("approvals", "To approve"),
    NONE(null, null);

    final String path;
    final String label;

    Section(String path, String label) {
      this.path = path;
      this.label = label;
    }
  }

  private final String base;
  private final SessionSeal seal;

  /**
   * @param base the path the deployment is served under, without a trailing slash ("" at the root)
   */
  Layout(String base, SessionSeal seal) {
    this.base = base;
    this.seal = seal;
  }

  /** The URL path of {@code path} under {@code /console/}, such as {@code /console/requests}. */
  String href(String path) {
    return base + "/console/" + path;
  }

  /** A hidden field with the visitor's CSRF token, for every form that changes something. */
  String csrf(Visitor visitor) {
    return "<input type=\"hidden\" name=\"csrf\" value=\""
        + escape(seal.csrfToken(visitor.binding()))
        + "\">";
  }

  HttpResponse page(
      int status, String title, Optional<Visitor> visitor, Section active, String content) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex\">\n")
        .append("<title>")
        .append(escape(title))
        .append(" · jitgate</title>\n<link rel=\"stylesheet\" href=\"")
        .append(escape(href(Assets.CSS.path())))
        .append("\">\n<script src=\"")
        .append(escape(href(Assets.SCRIPT.path())))
        .append("\" defer></script>\n</head>\n<body>\n")
        .append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n")
        .append("<a class=\"brand\" href=\"")
        .append(escape(href("")))
        .append("\">jitgate</a>\n");
    visitor.ifPresent(v -> html.append(nav(active)).append(who(v)));
    html.append("</header>\n<main id=\"main\">\n<h1>")
        .append(escape(title))
        .append("</h1>\n")
        .append(content)
        .append("\n</main>\n</body>\n</html>\n");
    return html(status, html.toString());
  }

  private String nav(Section active) {
    StringBuilder nav = new StringBuilder("<nav aria-label=\"Console\"><ul>");
    for (Section s : Section.values()) {
      if (s.path == null) {
        continue;
      }
      nav.append("<li><a href=\"")
          .append(escape(href(s.path)))
          .append('"')
          .append(s == active ? " aria-current=\"page\"" : "")
          .append('>')
          .append(escape(s.label))
          .append("</a></li>");
    }
    return nav.append("</ul></nav>\n").toString();
  }

  private String who(Visitor v) {
    String out =
        v.signOut()
            ? "<form method=\"post\" action=\""
                + escape(href("logout"))
                + "\">"
                + csrf(v)
                + "<button type=\"submit\" class=\"link\">Sign out</button></form>"
            : "";
    return "<p class=\"who\">Signed in as <strong>"
        + escape(v.caller().email().email())
        + "</strong>"
        + out
        + "</p>\n";
  }

  static HttpResponse html(int status, String html) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html; charset=utf-8");
    headers.put("Cache-Control", "no-store");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Content-Security-Policy", CSP);
    return new HttpResponse(status, headers, html.getBytes(StandardCharsets.UTF_8));
  }

  /** A 303 to {@code location}, optionally setting the console's cookie. */
  static HttpResponse redirect(String location, Optional<String> setCookie) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", location);
    headers.put("Cache-Control", "no-store");
    headers.put("Referrer-Policy", "no-referrer");
    setCookie.ifPresent(c -> headers.put("Set-Cookie", c));
    return new HttpResponse(303, headers, new byte[0]);
  }

  /** {@code response} with one more header. */
  static HttpResponse with(HttpResponse response, String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put(name, value);
    return new HttpResponse(response.status(), headers, response.body());
  }
}
