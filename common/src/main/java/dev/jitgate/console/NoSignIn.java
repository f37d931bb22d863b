package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import java.util.Optional;

/** A console whose sign-in is not configured: every page says which settings it needs. */
public final class NoSignIn implements SignIn {
  private final Layout layout;
  private final String advice;

  /**
   * @param advice what to configure, such as "set JITGATE_OIDC_AUTHORIZATION_ENDPOINT …"
   */
  public NoSignIn(ConsoleSetup setup, String advice) {
    this.layout = setup.layout();
    this.advice = advice;
  }

  @Override
  public Optional<Visitor> visitor(HttpRequest request) {
    return Optional.empty();
  }

  @Override
  public Optional<HttpResponse> handle(HttpRequest request, String path) {
    return Optional.empty();
  }

  @Override
  public HttpResponse signInFirst(HttpRequest request) {
    return layout.page(
        503,
        "Console sign-in is not set up",
        Optional.empty(),
        Layout.Section.NONE,
        "<p>This deployment's console cannot sign anyone in yet: "
            + escape(advice)
            + ". The API works as before.</p>");
  }

  @Override
  public HttpResponse signOut(HttpRequest request) {
    return signInFirst(request);
  }
}
