package dev.jitgate.local;

import java.util.Locale;
import java.util.Set;

/**
 * The local runner answers only requests addressed to a loopback host name. A web page that rebinds
 * its own domain to 127.0.0.1 (DNS rebinding) reaches the runner with that domain in {@code Host},
 * and could otherwise drive it with the development header, which anyone can send.
 */
final class LoopbackHost {
  private static final Set<String> NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  private LoopbackHost() {}

  /** Whether {@code host}, a {@code Host} header with or without its port, names loopback. */
  static boolean allowed(String host) {
    if (host == null) {
      return false;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf(']')) {
      String port = name.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
        return false;
      }
      name = name.substring(0, colon);
    }
    return NAMES.contains(name);
  }

  /** The answer to a request with another host: API.md's 400, in its JSON error shape. */
  static String refusal() {
    return "{\"error\":{\"code\":\"invalid_request\",\"message\":\"this runner answers only to"
        + " 127.0.0.1, localhost or [::1]; the Host header names another host, which is how a web"
        + " page would reach it through DNS rebinding\"}}";
  }
}
