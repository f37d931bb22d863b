package dev.jitgate.aws.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.jitgate.aws.provider.AwsStub.action;
import static dev.jitgate.aws.provider.AwsStub.actionRequested;
import static dev.jitgate.aws.provider.AwsStub.xml;
import static dev.jitgate.aws.provider.AwsStub.xmlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.SessionCredentials;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoleCredentialsProviderTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/ops/jitgate-deploy";
  static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
  static final String ASSUMED =
      """
      <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <AssumeRoleResult>
          <SourceIdentity>alice@example.com</SourceIdentity>
          <AssumedRoleUser>
            <Arn>arn:aws:sts::123456789012:assumed-role/jitgate-deploy/jitgate-req-0000000001</Arn>
            <AssumedRoleId>AROAEXAMPLE:jitgate-req-0000000001</AssumedRoleId>
          </AssumedRoleUser>
          <Credentials>
            <AccessKeyId>ASIAEXAMPLEKEY</AccessKeyId>
            <SecretAccessKey>example-secret</SecretAccessKey>
            <SessionToken>example-token</SessionToken>
            <Expiration>2026-11-21T11:00:00Z</Expiration>
          </Credentials>
          <PackedPolicySize>6</PackedPolicySize>
        </AssumeRoleResult>
        <ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata>
      </AssumeRoleResponse>
      """;
  static final String BOUNDARY = "arn:aws:iam::123456789012:policy/jitgate-grantable";
  static final String PUT_OK =
      "<PutRolePolicyResponse><ResponseMetadata><RequestId>iam-1</RequestId>"
          + "</ResponseMetadata></PutRolePolicyResponse>";

  final MutableClock clock = new MutableClock(START);
  final RecordingSleeper sleeper = new RecordingSleeper();
  AwsStub aws;

  @BeforeEach
  void start() {
    aws = new AwsStub();
    aws.server.stubFor(action("AssumeRole").willReturn(xml(ASSUMED)));
    aws.server.stubFor(action("PutRolePolicy").willReturn(xml(PUT_OK)));
    aws.server.stubFor(action("ListRolePolicies").willReturn(xml(policyNames())));
    aws.server.stubFor(action("GetRole").willReturn(xml(role(ROLE, Optional.of(BOUNDARY)))));
  }

  /** IAM API reference, GetRole: the role, with its permissions boundary when it has one. */
  static String role(String arn, Optional<String> boundary) {
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    return "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult>"
        + "<Role><Path>/ops/</Path><RoleName>"
        + name
        + "</RoleName><RoleId>AROAEXAMPLEROLEID</RoleId><Arn>"
        + arn
        + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
        + "<AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>"
        + boundary
            .map(
                b ->
                    "<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType>"
                        + "<PermissionsBoundaryArn>"
                        + b
                        + "</PermissionsBoundaryArn></PermissionsBoundary>")
            .orElse("")
        + "</Role></GetRoleResult><ResponseMetadata><RequestId>iam-2</RequestId>"
        + "</ResponseMetadata></GetRoleResponse>";
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  RoleCredentialsProvider provider(Duration maxSession) {
    return new RoleCredentialsProvider(
        aws.clients.sts(),
        aws.clients.iam(),
        Optional.of(BOUNDARY),
        clock,
        maxSession,
        Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 3),
        sleeper);
  }

  static Grant grant(Duration window, Optional<String> sessionPolicy) {
    return new Grant(
        new RequestId("req-0000000001"),
        new EntitlementId("aws-deploy-credentials"),
        new GrantSpec.AwsRoleCredentials(ROLE, sessionPolicy),
        new UserId("Alice@Example.com"),
        Window.of(START, window),
        "CHG-7: deploy");
  }

  static String policyNames(String... names) {
    StringBuilder members = new StringBuilder();
    for (String name : names) {
      members.append("<member>").append(name).append("</member>");
    }
    return "<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames>"
        + members
        + "</PolicyNames><IsTruncated>false</IsTruncated></ListRolePoliciesResult>"
        + "</ListRolePoliciesResponse>";
  }

  @Test
  void issue_assumesTheRoleWithSourceIdentityTagAndTheRestOfTheWindow() {
    clock.advance(Duration.ofMinutes(20));

    SessionCredentials issued =
        provider(RoleCredentialsProvider.MAX_SESSION)
            .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant());

    assertThat(issued).isInstanceOf(SessionCredentials.AwsKeys.class);
    assertThat(issued.type()).isEqualTo("aws-keys");
    SessionCredentials.AwsKeys credentials = (SessionCredentials.AwsKeys) issued;
    assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLEKEY");
    assertThat(credentials.secretAccessKey()).isEqualTo("example-secret");
    assertThat(credentials.sessionToken()).isEqualTo("example-token");
    assertThat(credentials.expiration()).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
    aws.server.verify(
        exactly(1),
        actionRequested("AssumeRole")
            .withFormParam("Version", equalTo("2011-06-15"))
            .withFormParam("RoleArn", equalTo(ROLE))
            .withFormParam("RoleSessionName", equalTo("jitgate-req-0000000001"))
            .withFormParam("DurationSeconds", equalTo("2400"))
            .withFormParam("SourceIdentity", equalTo("alice@example.com"))
            .withFormParam("Tags.member.1.Key", equalTo("jitgate-request"))
            .withFormParam("Tags.member.1.Value", equalTo("req-0000000001"))
            .withFormParam("Policy", absent()));
    assertThat(aws.forms("AssumeRole").get(0))
        .containsOnlyKeys(
            "Action",
            "Version",
            "RoleArn",
            "RoleSessionName",
            "DurationSeconds",
            "SourceIdentity",
            "Tags.member.1.Key",
            "Tags.member.1.Value");
  }

  @Test
  void issue_capsTheSessionAtTwelveHours() {
    provider(RoleCredentialsProvider.MAX_SESSION)
        .issue(grant(Duration.ofHours(20), Optional.empty()), clock.instant());

    assertThat(aws.forms("AssumeRole").get(0)).containsEntry("DurationSeconds", "43200");
  }

  @Test
  void issue_capsTheSessionAtTheConfiguredMaximum_forRoleChaining() {
    provider(RoleCredentialsProvider.CHAINED_MAX_SESSION)
        .issue(grant(Duration.ofHours(4), Optional.empty()), clock.instant());

    assertThat(aws.forms("AssumeRole").get(0)).containsEntry("DurationSeconds", "3600");
  }

  @Test
  void issue_roundsDownToWholeSeconds_soTheSessionNeverOutlastsTheWindow() {
    Instant now = START.plus(Duration.ofMinutes(30)).plusMillis(400);

    provider(RoleCredentialsProvider.MAX_SESSION)
        .issue(grant(Duration.ofHours(1), Optional.empty()), now);

    assertThat(aws.forms("AssumeRole").get(0)).containsEntry("DurationSeconds", "1799");
  }

  @Test
  void issue_whenLessThanFifteenMinutesRemain_refusesWithoutCallingSts() {
    Instant now = START.plus(Duration.ofMinutes(46));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(1), Optional.empty()), now))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("less than 15 minutes")
        .hasMessageContaining("2026-11-21T11:00:00Z");
    aws.server.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void issue_passesTheEntitlementsSessionPolicy() {
    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::builds/*\"}]}";

    provider(RoleCredentialsProvider.MAX_SESSION)
        .issue(grant(Duration.ofHours(1), Optional.of(policy)), clock.instant());

    aws.server.verify(actionRequested("AssumeRole").withFormParam("Policy", equalToJson(policy)));
    assertThat(aws.forms("AssumeRole").get(0)).containsEntry("Policy", policy);
  }

  @Test
  void issue_whenAccessDenied_namesTheStsActionsToAllow() {
    aws.server.stubFor(
        action("AssumeRole")
            .willReturn(
                xmlError(403, "AccessDenied", "not authorized to perform: sts:SetSourceIdentity")));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith(
            "AWS denied jitgate sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession on "
                + ROLE)
        .hasMessageContaining("trust policy")
        .hasMessageContaining("AccessDenied (HTTP 403)");
    assertThat(sleeper.millis()).isEmpty();
  }

  @Test
  void issue_whenThrottled_backsOffAndRetries() {
    aws.server.stubFor(
        action("AssumeRole")
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willReturn(xmlError(400, "Throttling", "Rate exceeded"))
            .willSetStateTo("calm"));
    aws.server.stubFor(
        action("AssumeRole")
            .inScenario("throttle")
            .whenScenarioStateIs("calm")
            .willReturn(xml(ASSUMED)));

    provider(RoleCredentialsProvider.MAX_SESSION)
        .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant());

    aws.server.verify(exactly(2), actionRequested("AssumeRole"));
    assertThat(sleeper.millis()).containsExactly(10L);
  }

  @Test
  void issue_whenTheRoleAllowsShorterSessions_explainsWhatToChange() {
    aws.server.stubFor(
        action("AssumeRole")
            .willReturn(
                xmlError(
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this"
                        + " role.")));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(3), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("STS refused a 10800 s session on " + ROLE)
        .hasMessageContaining("MaxSessionDuration");
  }

  @Test
  void grant_createsNothingAndReportsTheRoleAndIdentity() {
    Map<String, String> details =
        provider(RoleCredentialsProvider.MAX_SESSION)
            .grant(grant(Duration.ofHours(1), Optional.empty()));

    assertThat(details)
        .containsEntry("roleArn", ROLE)
        .containsEntry("sourceIdentity", "alice@example.com")
        .containsEntry("sessionTag", "jitgate-request=req-0000000001");
    aws.server.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void grant_whenTheWindowIsNearlyOver_refuses() {
    clock.advance(Duration.ofMinutes(50));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .grant(grant(Duration.ofHours(1), Optional.empty())))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("less than 15 minutes");
  }

  @Test
  void issue_checksTheRolesPermissionsBoundaryWithGetRole_beforeAssumingIt() {
    provider(RoleCredentialsProvider.MAX_SESSION)
        .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant());

    aws.server.verify(
        exactly(1),
        actionRequested("GetRole")
            .withFormParam("Version", equalTo("2010-05-08"))
            .withFormParam("RoleName", equalTo("jitgate-deploy")));
    assertThat(aws.forms("GetRole").get(0)).containsOnlyKeys("Action", "Version", "RoleName");
    aws.server.verify(exactly(1), actionRequested("AssumeRole"));
  }

  @Test
  void issue_whenTheRoleHasNoPermissionsBoundary_refusesWithoutAssumingIt() {
    aws.server.stubFor(action("GetRole").willReturn(xml(role(ROLE, Optional.empty()))));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("role " + ROLE + " has no permissions boundary")
        .hasMessageContaining(BOUNDARY);
    aws.server.verify(exactly(0), actionRequested("AssumeRole"));
  }

  @Test
  void issue_whenTheRoleHasAnotherPermissionsBoundary_refusesWithoutAssumingIt() {
    String other = "arn:aws:iam::aws:policy/AdministratorAccess";
    aws.server.stubFor(action("GetRole").willReturn(xml(role(ROLE, Optional.of(other)))));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("role " + ROLE + " has the permissions boundary " + other)
        .hasMessageContaining("not " + BOUNDARY);
    aws.server.verify(exactly(0), actionRequested("AssumeRole"));
  }

  @Test
  void issue_whenTheRoleIsInAnotherAccount_refuses_becauseItsBoundaryCannotBeChecked() {
    // GetRole looks the name up in jitgate's own account, which may hold a namesake.
    aws.server.stubFor(
        action("GetRole")
            .willReturn(
                xml(
                    role(
                        "arn:aws:iam::123456789012:role/ops/jitgate-deploy",
                        Optional.of(BOUNDARY)))));
    String elsewhere = "arn:aws:iam::210987654321:role/ops/jitgate-deploy";

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grantOf(elsewhere), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("role " + elsewhere + " is not in jitgate's own account");
    aws.server.verify(exactly(0), actionRequested("AssumeRole"));
  }

  @Test
  void issue_whenNoBoundaryIsConfigured_refusesNamingTheVariable() {
    RoleCredentialsProvider unbounded =
        new RoleCredentialsProvider(
            aws.clients.sts(),
            aws.clients.iam(),
            Optional.empty(),
            clock,
            RoleCredentialsProvider.MAX_SESSION,
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 3),
            sleeper);

    assertThatThrownBy(
            () -> unbounded.issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("JITGATE_AWS_ROLE_BOUNDARY_ARN");
    aws.server.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  void issue_whenGetRoleIsDenied_namesTheAction() {
    aws.server.stubFor(
        action("GetRole").willReturn(xmlError(403, "AccessDenied", "not authorized: iam:GetRole")));

    assertThatThrownBy(
            () ->
                provider(RoleCredentialsProvider.MAX_SESSION)
                    .issue(grant(Duration.ofHours(1), Optional.empty()), clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("AWS denied jitgate iam:GetRole on role jitgate-deploy");
    aws.server.verify(exactly(0), actionRequested("AssumeRole"));
  }

  static Grant grantOf(String roleArn) {
    return new Grant(
        new RequestId("req-0000000001"),
        new EntitlementId("aws-deploy-credentials"),
        new GrantSpec.AwsRoleCredentials(roleArn, Optional.empty()),
        new UserId("Alice@Example.com"),
        Window.of(START, Duration.ofHours(1)),
        "CHG-7: deploy");
  }
}
