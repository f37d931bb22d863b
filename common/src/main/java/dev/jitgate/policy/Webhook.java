package dev.jitgate.policy;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named webhook from the policy's {@code webhooks:} section, which entitlements notify with
 * {@code webhook:<name>}.
 *
 * @param secretEnv the environment variable that holds the HMAC signing secret; required for {@link
 *     Format#JSON}, whose body is signed with {@code X-Jitgate-Signature}
 */
public record Webhook(String name, URI url, Format format, Optional<String> secretEnv) {

  /** The body a webhook is sent. */
  public enum Format {
    SLACK,
    TEAMS,
    JSON;

    /** The lower-case name used in the policy, such as {@code slack}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Format> fromId(String id) {
      return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }
  }

  public Webhook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
    secretEnv = secretEnv == null ? Optional.empty() : secretEnv;
    if (!isHttpUrl(url)) {
      throw new IllegalArgumentException(
          "webhook " + name + ": the url must be an absolute http or https URL");
    }
    if (format == Format.JSON && secretEnv.isEmpty()) {
      throw new IllegalArgumentException(
          "webhook " + name + ": a json webhook is signed, so it needs secretEnv");
    }
  }

  /** True for an absolute {@code http} or {@code https} URL with a host. */
  public static boolean isHttpUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return url.isAbsolute()
        && (scheme.equals("http") || scheme.equals("https"))
        && url.getHost() != null;
  }
}
