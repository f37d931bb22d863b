package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.jitgate.aws.provider.AwsStub.action;
import static dev.jitgate.aws.provider.AwsStub.actionRequested;
import static dev.jitgate.aws.provider.AwsStub.xml;
import static dev.jitgate.aws.provider.AwsStub.xmlError;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.BOUNDARY;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.PUT_OK;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.ROLE;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.START;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.grant;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.policyNames;
import static dev.jitgate.aws.provider.RoleCredentialsProviderTest.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoleCredentialsRevokeTest {
  final MutableClock clock = new MutableClock(START);
  final RecordingSleeper sleeper = new RecordingSleeper();
  AwsStub aws;
  RoleCredentialsProvider provider;

  @BeforeEach
  void start() {
    aws = new AwsStub();
    aws.server.stubFor(action("PutRolePolicy").willReturn(xml(PUT_OK)));
    aws.server.stubFor(action("ListRolePolicies").willReturn(xml(policyNames())));
    aws.server.stubFor(action("GetRole").willReturn(xml(role(ROLE, Optional.of(BOUNDARY)))));
    provider =
        new RoleCredentialsProvider(
            aws.clients.sts(),
            aws.clients.iam(),
            Optional.of(BOUNDARY),
            clock,
            RoleCredentialsProvider.MAX_SESSION,
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 3),
            sleeper);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  static String getPolicy(String name, String cutoff) {
    String document =
        RevokePolicy.document(name.substring("jitgate-revoke-".length()), Instant.parse(cutoff));
    // IAM API reference, GetRolePolicy: the document comes back URL-encoded.
    return "<GetRolePolicyResponse><GetRolePolicyResult><RoleName>jitgate-deploy</RoleName>"
        + "<PolicyName>"
        + name
        + "</PolicyName><PolicyDocument>"
        + URLEncoder.encode(document, StandardCharsets.UTF_8)
        + "</PolicyDocument></GetRolePolicyResult></GetRolePolicyResponse>";
  }

  @Test
  void revoke_beforeTheWindowEnds_deniesTheRequestersEarlierSessionsOnTheRole() throws Exception {
    clock.set(Instant.parse("2026-11-21T10:20:00.250Z"));

    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(
        exactly(1),
        actionRequested("PutRolePolicy")
            .withFormParam("Version", equalTo("2010-05-08"))
            .withFormParam("RoleName", equalTo("jitgate-deploy"))
            .withFormParam("PolicyName", equalTo("jitgate-revoke-alice@example.com")));
    JsonNode policy =
        new ObjectMapper().readTree(aws.forms("PutRolePolicy").get(0).get("PolicyDocument"));
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.path("Statement")).hasSize(1);
    JsonNode deny = policy.path("Statement").path(0);
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(deny.path("Action").asText()).isEqualTo("*");
    assertThat(deny.path("Resource").asText()).isEqualTo("*");
    assertThat(deny.path("Condition").path("StringEquals").path("aws:SourceIdentity").asText())
        .isEqualTo("alice@example.com");
    // Rounded up to the second, so a session issued earlier in that second is denied too.
    assertThat(deny.path("Condition").path("DateLessThan").path("aws:TokenIssueTime").asText())
        .isEqualTo("2026-11-21T10:20:01Z");
    assertThat(deny.path("Condition").size()).isEqualTo(2);
  }

  @Test
  void revoke_twice_updatesOnePolicyWithTheLaterCutoff() {
    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));
    clock.advance(Duration.ofMinutes(5));
    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    List<Map<String, String>> puts = aws.forms("PutRolePolicy");
    assertThat(puts).hasSize(2);
    assertThat(puts)
        .extracting(p -> p.get("PolicyName"))
        .containsOnly("jitgate-revoke-alice@example.com");
    assertThat(puts.get(1).get("PolicyDocument")).contains("2026-11-21T10:05:00Z");
  }

  @Test
  void revoke_atOrAfterTheWindowsEnd_writesNothing_becauseTheSessionsEndedWithIt() {
    clock.set(START.plus(Duration.ofHours(1)));

    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void revoke_whenTheRoleIsGone_succeeds() {
    aws.server.stubFor(
        action("PutRolePolicy")
            .willReturn(xmlError(404, "NoSuchEntity", "The role cannot be found.")));

    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(exactly(1), actionRequested("PutRolePolicy"));
  }

  @Test
  void revoke_whenAccessDenied_namesPutRolePolicy() {
    aws.server.stubFor(
        action("PutRolePolicy")
            .willReturn(xmlError(403, "AccessDenied", "not authorized: iam:PutRolePolicy")));

    assertThatThrownBy(() -> provider.revoke(grant(Duration.ofHours(1), Optional.empty())))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("AWS denied jitgate iam:PutRolePolicy on role jitgate-deploy");
  }

  @Test
  void revoke_whenIamReportsConcurrentChanges_retriesAfterBackoff() {
    aws.server.stubFor(
        action("PutRolePolicy")
            .inScenario("busy")
            .whenScenarioStateIs(STARTED)
            .willReturn(xmlError(409, "ConcurrentModification", "Try again"))
            .willSetStateTo("free"));
    aws.server.stubFor(
        action("PutRolePolicy")
            .inScenario("busy")
            .whenScenarioStateIs("free")
            .willReturn(xml(PUT_OK)));

    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(exactly(2), actionRequested("PutRolePolicy"));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void revoke_removesOnlyRevokePoliciesOlderThanAnySession() {
    clock.set(Instant.parse("2026-11-22T10:00:00Z"));
    aws.server.stubFor(
        action("ListRolePolicies")
            .willReturn(
                xml(
                    policyNames(
                        "jitgate-revoke-alice@example.com",
                        "jitgate-revoke-bob@example.com",
                        "jitgate-revoke-carol@example.com",
                        "admin-extra-permissions"))));
    aws.server.stubFor(
        action("GetRolePolicy")
            .withFormParam("PolicyName", equalTo("jitgate-revoke-bob@example.com"))
            .willReturn(xml(getPolicy("jitgate-revoke-bob@example.com", "2026-11-21T20:00:00Z"))));
    aws.server.stubFor(
        action("GetRolePolicy")
            .withFormParam("PolicyName", equalTo("jitgate-revoke-carol@example.com"))
            .willReturn(
                xml(getPolicy("jitgate-revoke-carol@example.com", "2026-11-21T23:00:00Z"))));
    aws.server.stubFor(
        action("DeleteRolePolicy")
            .willReturn(xml("<DeleteRolePolicyResponse></DeleteRolePolicyResponse>")));

    provider.revoke(grant(Duration.ofDays(2), Optional.empty()));

    aws.server.verify(exactly(1), actionRequested("PutRolePolicy"));
    aws.server.verify(exactly(2), actionRequested("GetRolePolicy"));
    aws.server.verify(
        exactly(1),
        actionRequested("DeleteRolePolicy")
            .withFormParam("RoleName", equalTo("jitgate-deploy"))
            .withFormParam("PolicyName", equalTo("jitgate-revoke-bob@example.com")));
    aws.server.verify(exactly(1), actionRequested("DeleteRolePolicy"));
  }

  @Test
  void revoke_whenTheRolesInlinePoliciesAreFull_prunesThenPutsAgain() {
    clock.set(Instant.parse("2026-11-22T10:00:00Z"));
    aws.server.stubFor(
        action("PutRolePolicy")
            .inScenario("full")
            .whenScenarioStateIs(STARTED)
            .willReturn(xmlError(409, "LimitExceeded", "Maximum policy size of 10240 bytes"))
            .willSetStateTo("room"));
    aws.server.stubFor(
        action("PutRolePolicy")
            .inScenario("full")
            .whenScenarioStateIs("room")
            .willReturn(xml(PUT_OK)));
    aws.server.stubFor(
        action("ListRolePolicies").willReturn(xml(policyNames("jitgate-revoke-bob@example.com"))));
    aws.server.stubFor(
        action("GetRolePolicy")
            .willReturn(xml(getPolicy("jitgate-revoke-bob@example.com", "2026-11-20T10:00:00Z"))));
    aws.server.stubFor(
        action("DeleteRolePolicy")
            .willReturn(xml("<DeleteRolePolicyResponse></DeleteRolePolicyResponse>")));

    provider.revoke(grant(Duration.ofDays(2), Optional.empty()));

    aws.server.verify(exactly(2), actionRequested("PutRolePolicy"));
    aws.server.verify(exactly(1), actionRequested("DeleteRolePolicy"));
  }

  @Test
  void revoke_whenTheRoleStaysFull_explainsTheQuota() {
    aws.server.stubFor(
        action("PutRolePolicy")
            .willReturn(xmlError(409, "LimitExceeded", "Maximum policy size of 10240 bytes")));

    assertThatThrownBy(() -> provider.revoke(grant(Duration.ofHours(1), Optional.empty())))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("role " + ROLE + " has no room for another inline policy")
        .hasMessageContaining("10,240");
  }

  @Test
  void revoke_checksTheBoundaryBeforeWritingThePolicy() {
    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(
        exactly(1),
        actionRequested("GetRole")
            .withFormParam("Version", equalTo("2010-05-08"))
            .withFormParam("RoleName", equalTo("jitgate-deploy")));
    // WireMock lists the newest request first.
    List<String> requests =
        new java.util.ArrayList<>(
            aws.server.getAllServeEvents().stream()
                .map(e -> e.getRequest().getBodyAsString())
                .toList());
    java.util.Collections.reverse(requests);
    assertThat(requests.get(0)).contains("Action=GetRole");
    assertThat(requests.get(1)).contains("Action=PutRolePolicy");
  }

  @Test
  void revoke_whenTheRoleHasNoPermissionsBoundary_writesNoPolicy() {
    aws.server.stubFor(action("GetRole").willReturn(xml(role(ROLE, Optional.empty()))));

    assertThatThrownBy(() -> provider.revoke(grant(Duration.ofHours(1), Optional.empty())))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("role " + ROLE + " has no permissions boundary");
    aws.server.verify(exactly(0), actionRequested("PutRolePolicy"));
    aws.server.verify(exactly(0), actionRequested("DeleteRolePolicy"));
  }

  @Test
  void revoke_whenTheRoleHasAnotherPermissionsBoundary_writesNoPolicy() {
    aws.server.stubFor(
        action("GetRole")
            .willReturn(
                xml(role(ROLE, Optional.of("arn:aws:iam::123456789012:policy/anything-goes")))));

    assertThatThrownBy(() -> provider.revoke(grant(Duration.ofHours(1), Optional.empty())))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("not " + BOUNDARY);
    aws.server.verify(exactly(0), actionRequested("PutRolePolicy"));
  }

  @Test
  void revoke_whenGetRoleFindsNoRole_hasNothingToRevoke() {
    aws.server.stubFor(
        action("GetRole").willReturn(xmlError(404, "NoSuchEntity", "The role cannot be found.")));

    provider.revoke(grant(Duration.ofHours(1), Optional.empty()));

    aws.server.verify(exactly(0), actionRequested("PutRolePolicy"));
  }
}
