package dev.jitgate.console;

import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import java.util.Optional;

/**
 * How the console learns who is using it: its own session after an OIDC sign-in or the local
 * runner's development sign-in, or a platform front door that has already signed people in.
 */
public interface SignIn {

  /** The person signed in, or empty. */
  Optional<Visitor> visitor(HttpRequest request);

  /**
   * Serves the sign-in's own paths under {@code /console/} (such as {@code login} and {@code
   * callback}); empty when {@code path} is not one of them.
   */
  Optional<HttpResponse> handle(HttpRequest request, String path);

  /** The answer to someone who is not signed in and asked for {@code request}. */
  HttpResponse signInFirst(HttpRequest request);

  /** Signs the visitor out: the answer clears whatever the console set. */
  HttpResponse signOut(HttpRequest request);
}
