package dev.jitgate.config;

import dev.jitgate.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the policy comes from: a file, or a resource packaged with the function. {@code
 * JITGATE_POLICY} names it; a path is tried first, then a resource of that name.
 */
public final class PolicySetting {
  public static final String NAME = "JITGATE_POLICY";

  /** The resource a function package carries its policy in when nothing else is named. */
  public static final String DEFAULT_RESOURCE = "policy.yaml";

  private PolicySetting() {}

  /**
   * The policy that {@code JITGATE_POLICY} names, default {@value #DEFAULT_RESOURCE}.
   *
   * @param resources the class loader of the function's package
   * @throws dev.jitgate.policy.PolicyException when the policy is invalid
   * @throws IllegalStateException when it names neither a file nor a resource
   */
  public static Policy read(Environment env, ClassLoader resources) {
    String name = env.get(NAME, DEFAULT_RESOURCE);
    return load(name, resources)
        .orElseThrow(
            () ->
                env.invalid(
                    NAME,
                    "names no policy: "
                        + name
                        + " is neither a file (relative paths start at the working directory,"
                        + " /var/task on Lambda) nor a resource in the package"));
  }

  /**
   * The policy in the file {@code name}, or else in the resource {@code name}; empty if neither.
   */
  public static Optional<Policy> load(String name, ClassLoader resources) {
    try {
      Path file = Path.of(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(Policy.load(file));
      }
    } catch (InvalidPathException e) {
      // Not a path on this system: it may still name a resource.
    }
    return resource(name.startsWith("/") ? name.substring(1) : name, resources);
  }

  /** The policy in the resource {@code name}; empty if there is none. */
  public static Optional<Policy> resource(String name, ClassLoader resources) {
    try (InputStream in = resources.getResourceAsStream(name)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the policy " + name + " from the package", e);
    }
  }
}
