package dev.jitgate.console;

import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link SignIn} is built from: the deployment's session seal, the path it is served under
 * ("" at the root), and the clock.
 */
public record ConsoleSetup(SessionSeal seal, String base, Clock clock) {
  public ConsoleSetup {
    Objects.requireNonNull(seal, "seal");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(clock, "clock");
    if (base.endsWith("/")) {
      throw new IllegalArgumentException("the base path has no trailing slash");
    }
  }

  Layout layout() {
    return new Layout(base, seal);
  }
}
