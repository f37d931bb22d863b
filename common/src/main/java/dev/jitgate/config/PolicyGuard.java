package dev.jitgate.config;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.PolicyLedger;
import java.time.Clock;
import java.util.Optional;

/**
 * Keeps the deployments that share a store on one policy: a deployment whose policy differs from
 * the one the store last saw refuses to start, unless told to take over, which makes its policy the
 * one every other deployment must then run before it can start again.
 */
final class PolicyGuard {
  static final String TAKEOVER = "JITGATE_POLICY_TAKEOVER";

  /** Compare-and-set rounds before giving up on deployments that keep starting at once. */
  private static final int ROUNDS = 5;

  private PolicyGuard() {}

  /**
   * Records {@code policy} for {@code deployment}, or refuses it.
   *
   * @throws IllegalStateException when the store holds another policy and {@code takeOver} is off
   */
  static void check(
      PolicyLedger ledger,
      Policy policy,
      AuditKey auditKey,
      String deployment,
      boolean takeOver,
      Clock clock) {
    String fingerprint = auditKey.fingerprint();
    for (int round = 0; round < ROUNDS; round++) {
      Optional<PolicyLedger.Entry> recorded = ledger.recordedPolicy();
      recorded.ifPresent(entry -> requireSameAuditKey(entry, fingerprint));
      if (recorded.isPresent() && recorded.get().digest().equals(policy.digest())) {
        return;
      }
      if (recorded.isPresent() && !takeOver) {
        PolicyLedger.Entry other = recorded.get();
        throw new IllegalStateException(
            "this deployment's policy (sha256 "
                + shortDigest(policy.digest())
                + ") differs from the one the shared store last saw (sha256 "
                + shortDigest(other.digest())
                + ", recorded by deployment '"
                + other.deployment()
                + "' at "
                + other.at()
                + "): deploy the same policy file to every deployment, or set "
                + TAKEOVER
                + "=true on this one to make its policy the one all must run");
      }
      PolicyLedger.Entry next =
          new PolicyLedger.Entry(policy.digest(), deployment, clock.instant(), fingerprint);
      if (ledger.recordPolicy(next, recorded)) {
        recorded.ifPresent(
            was ->
                System.err.println(
                    "jitgate: deployment '"
                        + deployment
                        + "' took over the shared store's policy: sha256 "
                        + shortDigest(was.digest())
                        + " (from '"
                        + was.deployment()
                        + "') replaced by "
                        + shortDigest(next.digest())));
        return;
      }
    }
    throw new IllegalStateException(
        "the shared store's policy ledger kept changing while this deployment started: try again");
  }

  /**
   * Every deployment checks the audit seals the others wrote, so all must hold one audit key; with
   * another, each would refuse the others' requests as tampered with. A take-over does not change
   * that: the key is never replaced, since the stored seals were made with it.
   */
  private static void requireSameAuditKey(PolicyLedger.Entry recorded, String fingerprint) {
    if (recorded.auditKeyFingerprint() != null
        && !recorded.auditKeyFingerprint().equals(fingerprint)) {
      throw new IllegalStateException(
          "this deployment's audit key (JITGATE_AUDIT_KEY, fingerprint "
              + fingerprint.substring(0, 12)
              + ") is not the one the deployments sharing this store use (fingerprint "
              + recorded.auditKeyFingerprint().substring(0, 12)
              + ", recorded by deployment '"
              + recorded.deployment()
              + "'): each checks the seals the others wrote, so give every deployment the same"
              + " audit key");
    }
  }

  private static String shortDigest(String digest) {
    return digest.substring(0, 12);
  }
}
