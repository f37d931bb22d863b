package dev.jitgate.gcp.provider;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenResponse;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.gcp.provider.GcpErrors.Permission;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.SessionCredentials;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Grants {@code gcp.service-account-token}: nothing is created at grant; each {@link #issue} is an
 * IAM Credentials generateAccessToken for the entitlement's service account and scopes, living no
 * longer than one hour and no longer than the window. Google cannot revoke such a token, so a
 * revoke has nothing to remove: the service stops issuing once the request is no longer ACTIVE, and
 * a token already issued ends at its own expiry.
 */
public final class ServiceAccountTokenProvider implements AccessProvider, CredentialIssuer {
  /**
   * The longest token generateAccessToken issues without the organization policy that extends it
   * (IAM Credentials API reference, "lifetime"); jitgate never asks for more.
   */
  public static final Duration MAX_LIFETIME = Duration.ofHours(1);

  private static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";

  private final Supplier<IamCredentialsClient> credentials;
  private final Clock clock;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param credentials supplies the IAM Credentials client when a token is issued; a client that
   *     cannot be made fails that issue with a {@link ProviderException}
   * @param backoff bounds each issue, over transient failures
   */
  public ServiceAccountTokenProvider(
      Supplier<IamCredentialsClient> credentials, Clock clock, Backoff backoff, Sleeper sleeper) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public GrantKind kind() {
    return GrantKind.GCP_SERVICE_ACCOUNT_TOKEN;
  }

  /** Checks that a token can still be issued within the window; nothing exists to create. */
  @Override
  public Map<String, String> grant(Grant grant) {
    GrantSpec.GcpServiceAccountToken spec = spec(grant);
    lifetime(grant, clock.instant());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("serviceAccount", spec.serviceAccount());
    details.put("scopes", String.join(" ", spec.scopes()));
    return details;
  }

  /**
   * Nothing to change in Google Cloud: each token is minted for the window as it then stands, so
   * tokens fetched after an extension last until the new end (at most an hour each), and those
   * fetched before keep the expiry Google gave them.
   */
  @Override
  public Map<String, String> extend(Grant grant) {
    spec(grant);
    return Map.of(
        "expiry", "tokens fetched from now on last until the new end, at most " + MAX_LIFETIME);
  }

  @Override
  public SessionCredentials issue(Grant grant, Instant now) {
    GrantSpec.GcpServiceAccountToken spec = spec(grant);
    Duration lifetime = lifetime(grant, now);
    GenerateAccessTokenRequest request =
        GenerateAccessTokenRequest.newBuilder()
            .setName("projects/-/serviceAccounts/" + spec.serviceAccount())
            .addAllScope(spec.scopes())
            .setLifetime(
                com.google.protobuf.Duration.newBuilder().setSeconds(lifetime.getSeconds()))
            .build();
    Permission permission =
        new Permission("iam.serviceAccounts.getAccessToken", spec.serviceAccount(), TOKEN_CREATOR);
    Attempts attempts =
        new Attempts(
            "issuing a token of "
                + spec.serviceAccount()
                + " to "
                + grant.principal().email()
                + " for request "
                + grant.requestId(),
            backoff,
            sleeper,
            clock);
    IamCredentialsClient client = credentials.get();
    GenerateAccessTokenResponse response;
    try {
      response =
          attempts.call(
              permission, () -> client.generateAccessToken(request), GcpErrors::isNotFound);
    } catch (ApiException e) {
      throw new ProviderException(
          "service account "
              + spec.serviceAccount()
              + " was not found: check the entitlement's serviceAccount, and that the account"
              + " was not deleted: "
              + GcpErrors.describe(e),
          e);
    }
    return new SessionCredentials.BearerToken(
        response.getAccessToken(),
        Instant.ofEpochSecond(
            response.getExpireTime().getSeconds(), response.getExpireTime().getNanos()));
  }

  /**
   * Nothing to remove: an issued access token cannot be revoked, and no more are issued once the
   * request has ended.
   */
  @Override
  public void revoke(Grant grant) {
    spec(grant);
  }

  /**
   * The token's lifetime at {@code now}: the rest of the window in whole seconds, at most {@link
   * #MAX_LIFETIME}, so that the token never outlives the window.
   */
  private static Duration lifetime(Grant grant, Instant now) {
    long seconds = Math.min(grant.window().remaining(now).getSeconds(), MAX_LIFETIME.getSeconds());
    if (seconds < 1) {
      throw new ProviderException(
          "the access window of request "
              + grant.requestId()
              + " ended at "
              + grant.window().end()
              + ", so no token is issued; request access again for a new window");
    }
    return Duration.ofSeconds(seconds);
  }

  private static GrantSpec.GcpServiceAccountToken spec(Grant grant) {
    if (grant.spec() instanceof GrantSpec.GcpServiceAccountToken spec) {
      return spec;
    }
    throw new IllegalArgumentException(
        "the service account token provider cannot grant " + grant.spec().kind().id());
  }
}
