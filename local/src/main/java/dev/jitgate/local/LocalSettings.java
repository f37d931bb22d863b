package dev.jitgate.local;

import dev.jitgate.config.PolicySetting;
import dev.jitgate.policy.Policy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The local runner's command line, as API.md gives it. Without {@code --policy}, the policy is
 * {@code examples/policy.yaml} in the working directory, or, when there is none, the same example
 * bundled in the jar.
 */
record LocalSettings(
    Optional<Path> policy, int port, Path data, Optional<URI> baseUrl, Duration sweepInterval) {

  /** The example policy, relative to the working directory and as a resource of the jar. */
  static final String EXAMPLE_POLICY = "examples/policy.yaml";

  static final String USAGE =
      """
      usage: java -jar local/target/jitgate-local.jar [--policy FILE] [--port 8080] [--data DIR]
                  [--base-url URL] [--sweep-interval PT30S]
             java -jar local/target/jitgate-local.jar validate FILE
             java -jar local/target/jitgate-local.jar verify-audit EXPORT [--audit-key FILE]""";

  static LocalSettings defaults() {
    return new LocalSettings(
        Optional.empty(), 8080, Path.of("jitgate-data"), Optional.empty(), Duration.ofSeconds(30));
  }

  /** Parses the options of the run command. */
  static LocalSettings parse(String[] args) {
    LocalSettings s = defaults();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      String value = args[++i];
      s =
          switch (option) {
            case "--policy" ->
                new LocalSettings(
                    Optional.of(Path.of(value)), s.port, s.data, s.baseUrl, s.sweepInterval);
            case "--port" ->
                new LocalSettings(s.policy, port(value), s.data, s.baseUrl, s.sweepInterval);
            case "--data" ->
                new LocalSettings(s.policy, s.port, Path.of(value), s.baseUrl, s.sweepInterval);
            case "--base-url" ->
                new LocalSettings(
                    s.policy, s.port, s.data, Optional.of(baseUrl(value)), s.sweepInterval);
            case "--sweep-interval" ->
                new LocalSettings(s.policy, s.port, s.data, s.baseUrl, interval(value));
            default -> throw new UsageException("unknown option " + option);
          };
    }
    return s;
  }

  /**
   * The policy to run: the file given, else {@value #EXAMPLE_POLICY} here, else the bundled one.
   *
   * @throws dev.jitgate.policy.PolicyException when it is invalid
   */
  LocalPolicy loadPolicy() {
    if (policy.isPresent()) {
      return new LocalPolicy(Policy.load(policy.get()), policy.get().toString(), false);
    }
    Path example = Path.of(EXAMPLE_POLICY);
    if (Files.isRegularFile(example)) {
      return new LocalPolicy(Policy.load(example), EXAMPLE_POLICY, false);
    }
    Policy bundled =
        PolicySetting.resource(EXAMPLE_POLICY, LocalSettings.class.getClassLoader())
            .orElseThrow(() -> new IllegalStateException("the jar lacks " + EXAMPLE_POLICY));
    return new LocalPolicy(bundled, "the example policy bundled in the jar", true);
  }

  /** A loaded policy and where it came from, for the banner. */
  record LocalPolicy(Policy policy, String source, boolean bundled) {}

  /** The base of approval links: the configured URL, or this runner's loopback address. */
  String linkBase(int boundPort) {
    String base = baseUrl.map(URI::toString).orElse("http://127.0.0.1:" + boundPort);
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port takes a port number from 0 to 65535, not " + value);
    }
  }

  private static URI baseUrl(String value) {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new UsageException("--base-url takes an http(s) URL, not " + value);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("--base-url takes an http(s) URL, not " + value);
    }
  }

  private static Duration interval(String value) {
    try {
      Duration d = Duration.parse(value);
      if (d.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new UsageException("--sweep-interval must be at least PT1S");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new UsageException("--sweep-interval takes an ISO-8601 duration such as PT30S");
    }
  }

  /** A command line the runner cannot use; the message says what to change. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
