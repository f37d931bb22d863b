package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.SessionCredentials;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The credentials use case for both forms: issued to the requester of ACTIVE requests only. */
class CredentialsServiceTest {
  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void credentials_forAServiceAccountToken_areABearerTokenForTheRequester() {
    // given
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "gcp-deploy-token", ""));

    // when
    SessionCredentials credentials = h.service.credentials(ALICE, active.id());

    // then
    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(credentials).isInstanceOf(SessionCredentials.BearerToken.class);
    assertThat(credentials.type()).isEqualTo("bearer-token");
    assertThat(((SessionCredentials.BearerToken) credentials).accessToken())
        .isEqualTo("ya29.test-only-" + active.id());
    assertThat(credentials.expiration()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
    assertThat(h.gcpToken.issuedCount()).isEqualTo(1);
  }

  @Test
  void credentials_afterAnEarlyRevoke_areRefusedAndNoneIssued() {
    // given: a token was issued, then the requester revoked the request
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "gcp-deploy-token", ""));
    h.service.credentials(ALICE, active.id());
    h.clock.advance(Duration.ofMinutes(10));
    h.service.revoke(ALICE, new Revoke(active.id(), "job done"));

    // then
    assertThatThrownBy(() -> h.service.credentials(ALICE, active.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("REVOKED");
    assertThat(h.gcpToken.issuedCount()).isEqualTo(1);
  }

  @Test
  void credentials_afterExpiry_areRefusedAndNoneIssued() {
    // given
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "gcp-deploy-token", ""));
    h.clock.advance(Duration.ofHours(2));
    h.service.sweep(h.clock.instant());

    // then
    assertThat(h.stored(active.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThatThrownBy(() -> h.service.credentials(ALICE, active.id()))
        .isInstanceOf(ConflictException.class);
    assertThat(h.gcpToken.issuedCount()).isZero();
  }

  @Test
  void credentials_whilePending_areRefused() {
    AccessRequest pending = h.request(ALICE, "gcp-deploy-token", "");

    assertThatThrownBy(() -> h.service.credentials(ALICE, pending.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("PENDING");
    assertThat(h.gcpToken.issuedCount()).isZero();
  }

  @Test
  void credentials_forAnApprover_areForbidden() {
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "gcp-deploy-token", ""));

    assertThatThrownBy(() -> h.service.credentials(CAROL, active.id()))
        .isInstanceOf(ForbiddenException.class);
    assertThat(h.gcpToken.issuedCount()).isZero();
  }

  @Test
  void credentials_forAnIamBinding_doNotExist() {
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));

    assertThatThrownBy(() -> h.service.credentials(ALICE, active.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("gcp.iam-binding, which has no credentials");
  }

  @Test
  void credentials_forRoleCredentials_areAwsKeys() {
    AccessRequest active = h.approve(CAROL, h.request(ALICE, "aws-deploy-credentials", "CHG-1"));

    SessionCredentials credentials = h.service.credentials(ALICE, active.id());

    assertThat(credentials).isInstanceOf(SessionCredentials.AwsKeys.class);
    assertThat(credentials.type()).isEqualTo("aws-keys");
  }

  @Test
  void toString_ofEitherForm_hidesTheSecrets() {
    Instant at = Instant.parse("2026-11-21T11:00:00Z");
    SessionCredentials aws =
        new SessionCredentials.AwsKeys("ASIAKEY", "the-secret", "the-session", at);
    SessionCredentials bearer = new SessionCredentials.BearerToken("ya29.the-token", at);

    assertThat(aws.toString())
        .contains("ASIAKEY")
        .doesNotContain("the-secret")
        .doesNotContain("the-session");
    assertThat(bearer.toString()).doesNotContain("ya29.the-token").contains(at.toString());
  }
}
