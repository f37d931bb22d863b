package dev.jitgate.console;

import dev.jitgate.http.HttpRequest;
import java.util.regex.Pattern;

/** Where to go after signing in: only a console page of this deployment, never another site. */
final class Next {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9/_.?=&-]{0,200}");

  private Next() {}

  /** The page {@code request} asked for, to come back to after signing in. */
  static String of(Layout layout, HttpRequest request) {
    String query = request.queryParam("entitlement").map(e -> "?entitlement=" + e).orElse("");
    return checked(layout, layout.href(request.path().substring("/console/".length())) + query);
  }

  /** {@code raw} when it is a console page of this deployment; the catalogue otherwise. */
  static String checked(Layout layout, String raw) {
    String home = layout.href("");
    if (raw == null
        || !raw.startsWith(home)
        || !SAFE.matcher(raw).matches()
        || raw.contains("//")
        || raw.contains("..")) {
      return home;
    }
    return raw;
  }
}
