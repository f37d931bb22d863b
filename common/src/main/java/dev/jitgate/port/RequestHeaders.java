package dev.jitgate.port;

import java.util.Optional;

/** Read access to an incoming request's headers, with case-insensitive names. */
@FunctionalInterface
public interface RequestHeaders {

  /** The first value of the header {@code name}, whatever its case. */
  Optional<String> first(String name);
}
