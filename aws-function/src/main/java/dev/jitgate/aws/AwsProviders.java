package dev.jitgate.aws;

import dev.jitgate.port.AccessProvider;
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
   * The providers this deployment grants with. None yet: the Identity Center and role-credentials
   * providers are added here when their module lands.
   */
  public static List<AccessProvider> fromEnvironment(AwsClients clients, Clock clock) {
    return List.of();
  }
}
