package dev.jitgate.port;

import java.time.Instant;
import java.util.Objects;

/** Short-lived cloud credentials handed to a requester; never stored and never logged. */
public record SessionCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
  public SessionCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(expiration, "expiration");
  }

  @Override
  public String toString() {
    return "SessionCredentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=<redacted>, sessionToken=<redacted>, expiration="
        + expiration
        + "]";
  }
}
