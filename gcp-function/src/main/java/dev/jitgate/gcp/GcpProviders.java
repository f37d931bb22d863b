package dev.jitgate.gcp;

import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import dev.jitgate.config.OnFirstUse;
import dev.jitgate.gcp.provider.IamBindingProvider;
import dev.jitgate.gcp.provider.ServiceAccountTokenProvider;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the access providers of a Google Cloud deployment: {@code gcp.iam-binding} and {@code
 * gcp.service-account-token}. Grant kinds without a provider here are left to another deployment
 * that shares the store. Each Google client is made when a grant, revoke or token first needs it,
 * not at the function's start, and then kept.
 */
public final class GcpProviders {
  private GcpProviders() {}

  /**
   * The providers this deployment grants with, each bounded by {@link Backoff#DEFAULTS}. Each
   * factory is called when its client is first needed, and again only if it failed.
   *
   * @param projects and {@code folders}, {@code organizations}: make Resource Manager v3 clients
   *     whose identity may get and set the IAM policies of the resources the policy names
   * @param credentials makes an IAM Credentials client whose identity holds Service Account Token
   *     Creator on the service accounts the policy names
   * @param sleeper {@link Sleeper#SYSTEM}, or a recording one in tests
   */
  public static List<AccessProvider> create(
      Supplier<ProjectsClient> projects,
      Supplier<FoldersClient> folders,
      Supplier<OrganizationsClient> organizations,
      Supplier<IamCredentialsClient> credentials,
      Clock clock,
      Sleeper sleeper) {
    return List.of(
        new IamBindingProvider(
            OnFirstUse.of(projects),
            OnFirstUse.of(folders),
            OnFirstUse.of(organizations),
            clock,
            Backoff.DEFAULTS,
            sleeper),
        new ServiceAccountTokenProvider(
            OnFirstUse.of(credentials), clock, Backoff.DEFAULTS, sleeper));
  }
}
