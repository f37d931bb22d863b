package dev.jitgate.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An early revoke that someone asked for and the cloud has not yet confirmed. It is stored before
 * the cloud call, so that the sweep can finish the revoke if the process dies during it.
 */
public record Revocation(UserId by, String reason, Instant at) {
  public Revocation {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    reason = reason == null ? "" : reason;
  }
}
