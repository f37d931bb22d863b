package dev.jitgate.console;

import dev.jitgate.domain.Caller;
import java.util.Objects;

/**
 * Someone signed in to the console: the caller the service sees, and what their CSRF tokens are
 * bound to (their session, or their front-door identity).
 *
 * @param signOut whether the console can sign them out (not behind a front door)
 */
public record Visitor(Caller caller, String binding, boolean signOut) {
  public Visitor {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(binding, "binding");
  }
}
