package dev.jitgate.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings read from environment variables. Every error names the variable and what it should hold,
 * and never repeats its value, which may be a secret.
 */
public final class Environment {
  private final Function<String, String> lookup;

  /**
   * @param lookup {@code System::getenv} in a deployment, a map's {@code get} in tests
   */
  public Environment(Function<String, String> lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /** The process environment. */
  public static Environment system() {
    return new Environment(System::getenv);
  }

  /** The value of {@code name}; unset and blank are the same. */
  public Optional<String> optional(String name) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The value of {@code name}, or {@code fallback} when it is unset or blank. */
  public String get(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /**
   * The value of {@code name}.
   *
   * @param what what the variable holds, for the error, such as "the DynamoDB table name"
   * @throws IllegalStateException when it is unset or blank
   */
  public String required(String name, String what) {
    return optional(name).orElseThrow(() -> new IllegalStateException(missing(name, what)));
  }

  /** An error about {@code name}'s value, which it does not repeat. */
  public IllegalStateException invalid(String name, String problem) {
    return new IllegalStateException("the environment variable " + name + " " + problem);
  }

  /** The raw lookup, for collaborators that read variables the policy names. */
  public Function<String, String> lookup() {
    return lookup;
  }

  private static String missing(String name, String what) {
    return "set the environment variable " + name + " to " + what;
  }
}
