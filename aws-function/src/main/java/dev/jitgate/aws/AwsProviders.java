package dev.jitgate.aws;

import dev.jitgate.aws.provider.IdentityCenterProvider;
import dev.jitgate.aws.provider.RoleCredentialsProvider;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;

/**
 * Builds the access providers of an AWS deployment: {@code aws.identity-center} and {@code
 * aws.role-credentials}. Grant kinds without a provider here are left to another deployment that
 * shares the store.
 */
public final class AwsProviders {
  private AwsProviders() {}

  /**
   * The providers this deployment grants with. A Lambda function already runs on role credentials,
   * so assuming a role from it is role chaining, and STS caps such a session at one hour ({@link
   * RoleCredentialsProvider#CHAINED_MAX_SESSION}); a requester with a longer window fetches
   * credentials again.
   */
  public static List<AccessProvider> fromEnvironment(AwsClients clients, Clock clock) {
    return List.of(
        new IdentityCenterProvider(
            clients.ssoAdmin(), clients.identityStore(), clock, Backoff.DEFAULTS, Sleeper.SYSTEM),
        new RoleCredentialsProvider(
            clients.sts(),
            clients.iam(),
            clock,
            RoleCredentialsProvider.CHAINED_MAX_SESSION,
            Backoff.DEFAULTS,
            Sleeper.SYSTEM));
  }
}
