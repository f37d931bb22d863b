package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign-in behind a platform front door that already signs browsers in (App Service authentication,
 * Identity-Aware Proxy): the console uses the claims the platform verified, as the API does, and
 * keeps no session of its own. CSRF tokens are bound to the signed-in identity.
 */
public final class FrontDoorSignIn implements SignIn {
  private final Authenticator authenticator;
  private final Layout layout;

  public FrontDoorSignIn(ConsoleSetup setup, Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.layout = setup.layout();
  }

  @Override
  public Optional<Visitor> visitor(HttpRequest request) {
    try {
      Caller caller = authenticator.authenticate(request);
      return Optional.of(
          new Visitor(caller, "front-door|" + caller.subject() + "|" + caller.email(), false));
    } catch (UnauthenticatedException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<HttpResponse> handle(HttpRequest request, String path) {
    return Optional.empty();
  }

  @Override
  public HttpResponse signInFirst(HttpRequest request) {
    String why;
    try {
      authenticator.authenticate(request);
      why = "";
    } catch (UnauthenticatedException e) {
      why = e.getMessage();
    }
    return layout.page(
        401,
        "Sign in",
        Optional.empty(),
        Layout.Section.NONE,
        "<p>The platform in front of jitgate signs you in; it did not this time ("
            + escape(why)
            + "). Reload the page, or sign in to the platform again.</p>");
  }

  @Override
  public HttpResponse signOut(HttpRequest request) {
    return layout.page(
        200,
        "Sign out",
        Optional.empty(),
        Layout.Section.NONE,
        "<p>The platform in front of jitgate keeps your sign-in: sign out there.</p>");
  }
}
