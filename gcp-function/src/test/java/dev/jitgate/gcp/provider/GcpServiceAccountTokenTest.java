package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.BACKOFF;
import static dev.jitgate.gcp.provider.GcpGrants.SCOPES;
import static dev.jitgate.gcp.provider.GcpGrants.SERVICE_ACCOUNT;
import static dev.jitgate.gcp.provider.GcpGrants.T0;
import static dev.jitgate.gcp.provider.GcpGrants.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.SessionCredentials;
import dev.jitgate.testing.MutableClock;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gcp.service-account-token: one generateAccessToken per fetch, never past the window. */
class GcpServiceAccountTokenTest {
  private final MutableClock clock = new MutableClock(T0);
  private final InProcessGoogle google = new InProcessGoogle(clock);
  private final FakeIamCredentials iam = google.iamCredentials;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final ServiceAccountTokenProvider provider =
      new ServiceAccountTokenProvider(() -> google.credentials, clock, BACKOFF, sleeper);

  @BeforeEach
  void serviceAccount() {
    iam.createServiceAccount(SERVICE_ACCOUNT);
  }

  @AfterEach
  void close() {
    google.close();
  }

  @Test
  void issue_sendsTheExactRequestAndReturnsABearerTokenOfAnHour() {
    // given: a two-hour window, fetched ten minutes in
    clock.advance(Duration.ofMinutes(10));

    // when
    SessionCredentials credentials =
        provider.issue(token("req-0001-token", Duration.ofHours(2)), clock.instant());

    // then
    assertThat(iam.requests())
        .containsExactly(
            GenerateAccessTokenRequest.newBuilder()
                .setName("projects/-/serviceAccounts/" + SERVICE_ACCOUNT)
                .addAllScope(SCOPES)
                .setLifetime(com.google.protobuf.Duration.newBuilder().setSeconds(3600))
                .build());
    assertThat(credentials)
        .isEqualTo(
            new SessionCredentials.BearerToken(
                "ya29.fake-token-1", Instant.parse("2026-11-21T11:10:00Z")));
    assertThat(credentials.toString()).doesNotContain("ya29.fake-token-1");
  }

  @Test
  void issue_nearTheWindowsEnd_asksForNoMoreThanTheRestOfTheWindow() {
    // given: 19 min 39.5 s left of a one-hour window
    clock.advance(Duration.ofMinutes(40).plusSeconds(20).plusMillis(500));

    // when
    SessionCredentials credentials =
        provider.issue(token("req-0001-token", Duration.ofHours(1)), clock.instant());

    // then
    assertThat(iam.requests().get(0).getLifetime().getSeconds()).isEqualTo(1179);
    assertThat(credentials.expiration()).isBefore(Instant.parse("2026-11-21T11:00:00Z"));
  }

  @Test
  void extend_sendsNothing_andTokensFetchedAfterItLastUntilTheNewEnd() {
    // given a one-hour window, 50 minutes in: a token now would last 10 minutes
    Grant oneHour = token("req-0001-token", Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(50));

    // when the window is extended by an hour
    Grant extended = oneHour.endingAt(T0.plus(Duration.ofHours(2)));
    assertThat(provider.extend(extended))
        .containsEntry("expiry", "tokens fetched from now on last until the new end, at most PT1H");
    assertThat(iam.requests()).isEmpty();
    SessionCredentials credentials = provider.issue(extended, clock.instant());

    // then the token asked for runs a full hour, within the new end, not the old one
    assertThat(iam.requests())
        .containsExactly(
            GenerateAccessTokenRequest.newBuilder()
                .setName("projects/-/serviceAccounts/" + SERVICE_ACCOUNT)
                .addAllScope(SCOPES)
                .setLifetime(com.google.protobuf.Duration.newBuilder().setSeconds(3600))
                .build());
    assertThat(credentials.expiration()).isEqualTo(Instant.parse("2026-11-21T11:50:00Z"));
  }

  @Test
  void issue_whenTheWindowIsOver_refusesWithoutCallingGoogle() {
    // given: less than a second left
    clock.advance(Duration.ofHours(1).minusMillis(400));

    // then
    assertThatThrownBy(
            () -> provider.issue(token("req-0001-token", Duration.ofHours(1)), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "the access window of request req-0001-token ended at 2026-11-21T11:00:00Z, so no"
                + " token is issued; request access again for a new window");
    assertThat(iam.requests()).isEmpty();
  }

  @Test
  void issue_whenDenied_namesThePermissionAndTheRole() {
    // given
    iam.deny(SERVICE_ACCOUNT);

    // then
    assertThatThrownBy(
            () -> provider.issue(token("req-0001-token", Duration.ofHours(1)), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessage(
            "Google Cloud denied jitgate iam.serviceAccounts.getAccessToken on "
                + SERVICE_ACCOUNT
                + "; give jitgate's service account a role with it there, such as"
                + " roles/iam.serviceAccountTokenCreator (Google answers the same way when the"
                + " resource does not exist): PERMISSION_DENIED (HTTP 403): Permission"
                + " 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not"
                + " exist).");
    assertThat(sleeper.delays()).isEmpty();
  }

  @Test
  void issue_whenTheServiceAccountDoesNotExist_failsClearly() {
    // given
    Grant missing =
        token(
            "req-0001-token",
            "gone-account@acme-prod.iam.gserviceaccount.com",
            Duration.ofHours(1));

    // then
    assertThatThrownBy(() -> provider.issue(missing, clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "service account gone-account@acme-prod.iam.gserviceaccount.com was not found:"
                + " check the entitlement's serviceAccount")
        .hasMessageContaining("NOT_FOUND (HTTP 404)");
  }

  @Test
  void issue_whenGoogleIsBrieflyOutOfQuota_retriesWithinTheBudget() {
    // given
    iam.failNext(Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded"));

    // when
    SessionCredentials credentials =
        provider.issue(token("req-0001-token", Duration.ofHours(1)), clock.instant());

    // then
    assertThat(credentials.type()).isEqualTo("bearer-token");
    assertThat(iam.requests()).hasSize(2);
    assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void grant_checksTheWindowAndCallsNothing() {
    // when
    Map<String, String> details = provider.grant(token("req-0001-token", Duration.ofHours(1)));

    // then
    assertThat(provider.kind()).isEqualTo(GrantKind.GCP_SERVICE_ACCOUNT_TOKEN);
    assertThat(details)
        .containsExactly(
            Map.entry("serviceAccount", SERVICE_ACCOUNT),
            Map.entry("scopes", String.join(" ", SCOPES)));
    assertThat(iam.requests()).isEmpty();
  }

  @Test
  void grant_whenTheWindowIsOver_isRefused() {
    clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> provider.grant(token("req-0001-token", Duration.ofHours(1))))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("no token is issued");
  }

  @Test
  void revoke_hasNothingToRemoveAndCallsNothing() {
    provider.revoke(token("req-0001-token", Duration.ofHours(1)));

    assertThat(iam.requests()).isEmpty();
  }
}
