package dev.jitgate.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request store that remembers which policy the deployments sharing it run, so that two of them
 * never disagree about who may request and approve. Only a store several deployments share needs
 * one.
 */
public interface PolicyLedger {

  /** The policy last recorded, if any. */
  Optional<Entry> recordedPolicy();

  /**
   * Records {@code next} if the ledger still holds {@code expected} (empty: nothing yet).
   *
   * @return false when another deployment recorded first; read again and decide again
   */
  boolean recordPolicy(Entry next, Optional<Entry> expected);

  /**
   * One policy's digest, the deployment that recorded it, and when; and the fingerprint of the
   * audit key every deployment sharing the store must hold (null when not recorded).
   */
  record Entry(String digest, String deployment, Instant at, String auditKeyFingerprint) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public Entry {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(deployment, "deployment");
      Objects.requireNonNull(at, "at");
      if (!SHA256_HEX.matcher(digest).matches()) {
        throw new IllegalArgumentException("a policy digest is 64 lower-case hex digits");
      }
      if (auditKeyFingerprint != null && !FINGERPRINT.matcher(auditKeyFingerprint).matches()) {
        throw new IllegalArgumentException("an audit key fingerprint is 32 lower-case hex digits");
      }
      if (!DEPLOYMENT.matcher(deployment).matches()) {
        throw new IllegalArgumentException(
            "a deployment name is 1 to 100 letters, digits, '.', '_', ':' or '-'");
      }
    }

    /** An entry without an audit key fingerprint. */
    public Entry(String digest, String deployment, Instant at) {
      this(digest, deployment, at, null);
    }
  }
}
