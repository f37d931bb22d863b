package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local runner's development sign-in: a page that lists the policy's people and signs the
 * visitor in as whoever they pick, with the same session cookie as a real sign-in. Anyone who
 * reaches it can be anyone, so only the local runner wires it in, and only on loopback.
 */
public final class DevSignIn implements SignIn {
  private final Sessions sessions;
  private final Layout layout;
  private final Supplier<? extends Collection<UserId>> people;

  /**
   * @param people everyone the policy names, such as {@code policy::people}
   */
  public DevSignIn(
      ConsoleSetup setup,
      Cookies cookies,
      Duration lifetime,
      Supplier<? extends Collection<UserId>> people) {
    this.sessions = new Sessions(setup.seal(), cookies, lifetime);
    this.layout = setup.layout();
    this.people = people;
  }

  @Override
  public Optional<Visitor> visitor(HttpRequest request) {
    return sessions.read(request);
  }

  @Override
  public Optional<HttpResponse> handle(HttpRequest request, String path) {
    if (!path.equals("login")) {
      return Optional.empty();
    }
    if (request.method().equals("GET")) {
      return Optional.of(page(request.queryParam("next").orElse(""), 200));
    }
    Map<String, String> form;
    try {
      form = HttpRequest.parseForm(request.body());
    } catch (RuntimeException e) {
      return Optional.of(page("", 400));
    }
    String chosen = form.getOrDefault("user", "");
    List<UserId> known = List.copyOf(people.get());
    Optional<UserId> user = known.stream().filter(u -> u.email().equals(chosen)).findFirst();
    if (user.isEmpty()) {
      return Optional.of(page(form.getOrDefault("next", ""), 400));
    }
    Caller caller = Caller.of(user.get().email());
    return Optional.of(
        Layout.redirect(
            Next.checked(layout, form.get("next")), Optional.of(sessions.start(caller))));
  }

  private HttpResponse page(String next, int status) {
    StringBuilder body =
        new StringBuilder(
            "<p class=\"meta\">Development sign-in of the local runner: pick who you are. A"
                + " deployment signs people in through its identity provider instead.</p>\n");
    if (status != 200) {
      body.append("<p class=\"alert\" role=\"alert\">Pick one of the people below.</p>\n");
    }
    body.append("<form method=\"post\" action=\"")
        .append(escape(layout.href("login")))
        .append("\">\n<input type=\"hidden\" name=\"next\" value=\"")
        .append(escape(Next.checked(layout, next)))
        .append("\">\n<ul class=\"people\">\n");
    for (UserId u : people.get()) {
      body.append("<li><button type=\"submit\" name=\"user\" value=\"")
          .append(escape(u.email()))
          .append("\">")
          .append(escape(u.email()))
          .append("</button></li>\n");
    }
    body.append("</ul>\n</form>");
    return layout.page(status, "Sign in", Optional.empty(), Layout.Section.NONE, body.toString());
  }

  @Override
  public HttpResponse signInFirst(HttpRequest request) {
    return Layout.redirect(
        layout.href(
            "login?next=" + URLEncoder.encode(Next.of(layout, request), StandardCharsets.UTF_8)),
        Optional.empty());
  }

  @Override
  public HttpResponse signOut(HttpRequest request) {
    return Layout.redirect(layout.href("login"), Optional.of(sessions.cookies().clear()));
  }
}
