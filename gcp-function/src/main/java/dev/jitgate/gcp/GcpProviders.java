package dev.jitgate.gcp;

import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import dev.jitgate.gcp.provider.IamBindingProvider;
import dev.jitgate.gcp.provider.ServiceAccountTokenProvider;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;

/**
 * Builds the access providers of a Google Cloud deployment: {@code gcp.iam-binding} and {@code
 * gcp.service-account-token}. Grant kinds without a provider here are left to another deployment
 * that shares the store.
 */
public final class GcpProviders {
  private GcpProviders() {}

  /**
   * The providers this deployment grants with, each bounded by {@link Backoff#DEFAULTS}.
   *
   * @param projects and {@code folders}, {@code organizations}: Resource Manager v3 clients whose
   *     identity may get and set the IAM policies of the resources the policy names
   * @param credentials an IAM Credentials client whose identity holds Service Account Token Creator
   *     on the service accounts the policy names
   * @param sleeper {@link Sleeper#SYSTEM}, or a recording one in tests
   */
  public static List<AccessProvider> create(
      ProjectsClient projects,
      FoldersClient folders,
      OrganizationsClient organizations,
      IamCredentialsClient credentials,
      Clock clock,
      Sleeper sleeper) {
    return List.of(
        new IamBindingProvider(projects, folders, organizations, clock, Backoff.DEFAULTS, sleeper),
        new ServiceAccountTokenProvider(credentials, clock, Backoff.DEFAULTS, sleeper));
  }
}
