package dev.jitgate.config;

import java.net.URI;
import java.net.URISyntaxException;

/** URL-valued settings. */
public final class Urls {
  private Urls() {}

  /** The absolute URL in {@code name}. */
  public static URI required(Environment env, String name, String what) {
    String value = env.required(name, what);
    try {
      URI uri = new URI(value);
      if (uri.isAbsolute() && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // The same error as any other unusable value.
    }
    throw env.invalid(name, "must be an absolute URL");
  }
}
