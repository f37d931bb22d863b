package dev.jitgate.config;

import java.net.URI;
import java.net.URISyntaxException;

/** {@code JITGATE_BASE_URL}: the public address that approval links start with. */
public final class BaseUrlSetting {
  public static final String NAME = "JITGATE_BASE_URL";

  private BaseUrlSetting() {}

  /** The base URL, an absolute http(s) URL without query or fragment. */
  public static String read(Environment env) {
    String value = env.required(NAME, "the public URL that approval links start with");
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (("https".equals(scheme) || "http".equals(scheme))
          && uri.getHost() != null
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // The same error as any other unusable value.
    }
    throw env.invalid(
        NAME, "must be an http(s) URL without query, such as https://jit.example.com");
  }
}
