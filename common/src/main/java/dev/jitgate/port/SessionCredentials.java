package dev.jitgate.port;

import java.time.Instant;
import java.util.Objects;

/**
 * Short-lived cloud credentials handed to a requester; never stored and never logged. Each form
 * names its {@link #type()}, which the API sends as the {@code type} field, and hides its secrets
 * from {@code toString}.
 */
public sealed interface SessionCredentials {

  /** The API's name for this form: {@code aws-keys} or {@code bearer-token}. */
  String type();

  /** When the credentials stop working. */
  Instant expiration();

  /** AWS temporary security credentials, as STS issues them. */
  record AwsKeys(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration)
      implements SessionCredentials {
    public static final String TYPE = "aws-keys";

    public AwsKeys {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(sessionToken, "sessionToken");
      Objects.requireNonNull(expiration, "expiration");
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public String toString() {
      return "AwsKeys[accessKeyId="
          + accessKeyId
          + ", secretAccessKey=<redacted>, sessionToken=<redacted>, expiration="
          + expiration
          + "]";
    }
  }

  /** An OAuth 2.0 access token sent as {@code Authorization: Bearer}, such as Google issues. */
  record BearerToken(String accessToken, Instant expiration) implements SessionCredentials {
    public static final String TYPE = "bearer-token";

    public BearerToken {
      Objects.requireNonNull(accessToken, "accessToken");
      Objects.requireNonNull(expiration, "expiration");
      if (accessToken.isBlank()) {
        throw new IllegalArgumentException("an access token is not blank");
      }
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public String toString() {
      return "BearerToken[accessToken=<redacted>, expiration=" + expiration + "]";
    }
  }
}
