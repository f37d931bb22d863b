package dev.jitgate.azure.provider;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import dev.jitgate.azure.http.JdkHttp;
import dev.jitgate.config.OnFirstUse;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Azure access providers of a deployment, {@code azure.pim} and {@code azure.role-assignment},
 * on one {@link AuthorizationManager} whose HTTP pipeline has no retry policy: each provider
 * operation retries within its own bounded {@link Backoff}, so nothing retries unseen beneath it.
 */
public record AzureProviders(AzurePimProvider pim, AzureRoleAssignmentProvider roleAssignments) {
  public AzureProviders {
    Objects.requireNonNull(pim, "pim");
    Objects.requireNonNull(roleAssignments, "roleAssignments");
  }

  /** The providers on the JDK HTTP client, with {@link Backoff#DEFAULTS}. */
  public static AzureProviders create(
      TokenCredential credential, AzureProfile profile, Clock clock, Sleeper sleeper) {
    return create(credential, profile, JdkHttp.client(), clock, sleeper);
  }

  /** The providers on {@code http}, with {@link Backoff#DEFAULTS}. */
  public static AzureProviders create(
      TokenCredential credential,
      AzureProfile profile,
      HttpClient http,
      Clock clock,
      Sleeper sleeper) {
    return create(credential, profile, http, clock, Backoff.DEFAULTS, sleeper);
  }

  /**
   * @param credential jitgate's own identity (a managed identity in a deployment); its tokens go
   *     only into the Authorization header and are never logged
   * @param profile the cloud (its Resource Manager endpoint) and tenant
   * @param backoff bounds each grant and revoke: all its retries together
   */
  public static AzureProviders create(
      TokenCredential credential,
      AzureProfile profile,
      HttpClient http,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(http, "http");
    return create(() -> roleClient(credential, profile, http), clock, backoff, sleeper);
  }

  /** The authorization service's Resource Manager client, on {@link #pipeline}. */
  static AuthorizationManagementClient roleClient(
      TokenCredential credential, AzureProfile profile, HttpClient http) {
    return AuthorizationManager.authenticate(pipeline(credential, profile, http), profile)
        .roleServiceClient();
  }

  /**
   * The providers on the client {@code roles} makes, on the first grant or revoke: building the
   * Resource Manager client reads every operation interface of the authorization service, which a
   * function's start and its reads never need.
   */
  static AzureProviders create(
      Supplier<AuthorizationManagementClient> roles,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    Supplier<AuthorizationManagementClient> client = OnFirstUse.of(roles);
    return new AzureProviders(
        new AzurePimProvider(
            () -> client.get().getRoleAssignmentScheduleRequests(), clock, backoff, sleeper),
        new AzureRoleAssignmentProvider(
            () -> client.get().getRoleAssignments(), clock, backoff, sleeper));
  }

  /** Both providers, for the service. */
  public List<AccessProvider> all() {
    return List.of(pim, roleAssignments);
  }

  /**
   * The pipeline the SDK would build, less its retry policy. {@code
   * AuthorizationManager.configure()} puts in a {@code RetryPolicy} (three exponential retries,
   * honouring Retry-After) whenever none is given, and a {@code ProviderRegistrationPolicy} that
   * registers resource providers on its own; building the pipeline here leaves both out. No logging
   * policy either, so no header or body of ours is ever logged by the SDK. {@link
   * ArmChallengeAuthenticationPolicy} adds the bearer token for the Resource Manager audience and
   * answers ARM's claims challenges.
   */
  static HttpPipeline pipeline(TokenCredential credential, AzureProfile profile, HttpClient http) {
    String audience = profile.getEnvironment().getResourceManagerEndpoint();
    String scope = (audience.endsWith("/") ? audience : audience + "/") + ".default";
    return new HttpPipelineBuilder()
        .httpClient(Objects.requireNonNull(http, "http"))
        .policies(
            new UserAgentPolicy("jitgate"),
            new RequestIdPolicy(),
            new AddDatePolicy(),
            new ArmChallengeAuthenticationPolicy(
                Objects.requireNonNull(credential, "credential"), scope))
        .build();
  }
}
