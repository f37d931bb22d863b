package dev.jitgate.aws.provider;

import dev.jitgate.port.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;

/**
 * Writes the early-revoke deny policy onto a role, one inline policy per requester, and removes
 * jitgate's revoke policies that can no longer match a live session, so that they do not fill the
 * role's inline policy quota.
 */
final class RevokeWriter {
  private static final Logger LOG = Logger.getLogger(RevokeWriter.class.getName());

  /**
   * A revoke policy older than the longest STS session (12 h), plus a margin for clock skew, can
   * only match sessions that have ended anyway.
   */
  static final Duration STALE_AFTER =
      RoleCredentialsProvider.MAX_SESSION.plus(Duration.ofMinutes(5));

  // ListRolePolicies pages hold 100 names by default; a role's 10,240-character quota leaves room
  // for far fewer policies than 10 pages.
  private static final int MAX_PAGES = 10;

  private final Supplier<IamClient> iam;
  private final Clock clock;

  RevokeWriter(Supplier<IamClient> iam, Clock clock) {
    this.iam = iam;
    this.clock = clock;
  }

  /**
   * Puts (or updates) {@code jitgate-revoke-<identity>} on the role. A missing role has nothing to
   * revoke. When the role's inline policies are full, stale revoke policies are removed first and
   * the put is tried once more.
   */
  void denyEarlierSessions(String roleArn, String identity, Instant now, Attempts attempts) {
    String role = StsNames.roleName(roleArn);
    String name = StsNames.revokePolicyName(identity);
    String document = RevokePolicy.document(identity, now);
    try {
      put(role, name, document, attempts);
    } catch (SdkException e) {
      if (AwsErrors.isCode(e, "NoSuchEntity")) {
        return;
      }
      // IAM API reference, PutRolePolicy: LimitExceeded when the role's inline policies would pass
      // their quota.
      pruneStale(role, name, attempts);
      try {
        put(role, name, document, attempts);
        return;
      } catch (SdkException again) {
        if (AwsErrors.isCode(again, "NoSuchEntity")) {
          return;
        }
        throw new ProviderException(
            "role "
                + roleArn
                + " has no room for another inline policy (IAM allows 10,240 characters of inline"
                + " policy per role); remove unused inline policies from it: "
                + AwsErrors.describe(again),
            again);
      }
    }
    pruneStale(role, name, attempts);
  }

  /**
   * PutRolePolicy, retrying ConcurrentModification (IAM API reference, PutRolePolicy: several
   * changes to one role at once) within the budget. NoSuchEntity and LimitExceeded are thrown for
   * the caller.
   */
  private void put(String role, String name, String document, Attempts attempts) {
    while (true) {
      try {
        attempts.call(
            "iam:PutRolePolicy on role " + role,
            () ->
                iam.get()
                    .putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(document)),
            e ->
                AwsErrors.isCode(e, "NoSuchEntity")
                    || AwsErrors.isCode(e, "LimitExceeded")
                    || AwsErrors.isCode(e, "ConcurrentModification"));
        return;
      } catch (SdkException e) {
        if (!AwsErrors.isCode(e, "ConcurrentModification")) {
          throw e;
        }
        attempts.pause("iam:PutRolePolicy: " + AwsErrors.describe(e));
      }
    }
  }

  /**
   * Best effort: a failure here is logged, never thrown, because the revoke itself is done or is
   * reported by the put.
   */
  private void pruneStale(String role, String keep, Attempts attempts) {
    Instant staleBefore = clock.instant().minus(STALE_AFTER);
    try {
      for (String name : revokePolicies(role, attempts)) {
        if (name.equals(keep)) {
          continue;
        }
        Optional<Instant> cutoff = cutoff(role, name, attempts);
        if (cutoff.isPresent() && cutoff.get().isBefore(staleBefore)) {
          attempts.call(
              "iam:DeleteRolePolicy on role " + role,
              () -> iam.get().deleteRolePolicy(r -> r.roleName(role).policyName(name)),
              e -> AwsErrors.isCode(e, "NoSuchEntity"));
        }
      }
    } catch (ProviderException | SdkException e) {
      LOG.log(
          Level.WARNING,
          "could not remove stale jitgate revoke policies from role {0}: {1}",
          new Object[] {role, e.getMessage()});
    }
  }

  private List<String> revokePolicies(String role, Attempts attempts) {
    List<String> names = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String from = marker;
      ListRolePoliciesResponse response =
          attempts.call(
              "iam:ListRolePolicies on role " + role,
              () -> iam.get().listRolePolicies(r -> r.roleName(role).marker(from)));
      response.policyNames().stream()
          .filter(n -> n.startsWith(StsNames.REVOKE_POLICY_PREFIX))
          .forEach(names::add);
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        break;
      }
      marker = response.marker();
    }
    return names;
  }

  private Optional<Instant> cutoff(String role, String name, Attempts attempts) {
    try {
      return RevokePolicy.cutoff(
          attempts
              .call(
                  "iam:GetRolePolicy on role " + role,
                  () -> iam.get().getRolePolicy(r -> r.roleName(role).policyName(name)),
                  e -> AwsErrors.isCode(e, "NoSuchEntity"))
              .policyDocument());
    } catch (SdkException e) {
      return Optional.empty();
    }
  }
}
