package dev.jitgate.aws;

import dev.jitgate.aws.provider.IdentityCenterProvider;
import dev.jitgate.aws.provider.RoleCredentialsProvider;
import dev.jitgate.config.Environment;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the access providers of an AWS deployment: {@code aws.identity-center} and {@code
 * aws.role-credentials}. Grant kinds without a provider here are left to another deployment that
 * shares the store.
 */
public final class AwsProviders {
  /** The permissions boundary every role that aws.role-credentials hands out must carry. */
  static final String ROLE_BOUNDARY = "JITGATE_AWS_ROLE_BOUNDARY_ARN";

  private AwsProviders() {}

  /**
   * The providers this deployment grants with. A Lambda function already runs on role credentials,
   * so assuming a role from it is role chaining, and STS caps such a session at one hour ({@link
   * RoleCredentialsProvider#CHAINED_MAX_SESSION}); a requester with a longer window fetches
   * credentials again. {@code JITGATE_AWS_ROLE_BOUNDARY_ARN} is the permissions boundary every role
   * handed out must carry; without it, role credentials are refused (not the function's start).
   */
  public static List<AccessProvider> fromEnvironment(
      AwsClients clients, Environment env, Clock clock) {
    // The clients are built on a provider's first grant or revoke: an instance that only serves
    // reads (most first requests) never loads them (bench/cold-start counts the classes).
    return List.of(
        IdentityCenterProvider.onFirstUse(
            clients::ssoAdmin, clients::identityStore, clock, Backoff.DEFAULTS, Sleeper.SYSTEM),
        RoleCredentialsProvider.onFirstUse(
            clients::sts,
            clients::iam,
            roleBoundary(env),
            clock,
            RoleCredentialsProvider.CHAINED_MAX_SESSION,
            Backoff.DEFAULTS,
            Sleeper.SYSTEM));
  }

  /** The ARN of one managed policy, AWS's own or the customer's, without wildcards. */
  private static final Pattern POLICY_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+");

  static Optional<String> roleBoundary(Environment env) {
    Optional<String> arn = env.optional(ROLE_BOUNDARY);
    if (arn.isPresent() && !POLICY_ARN.matcher(arn.get()).matches()) {
      throw env.invalid(
          ROLE_BOUNDARY,
          "must be the ARN of one managed policy, such as"
              + " arn:aws:iam::123456789012:policy/jitgate-grantable");
    }
    return arn;
  }
}
