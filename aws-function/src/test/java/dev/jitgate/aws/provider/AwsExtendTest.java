package dev.jitgate.aws.provider;

import static dev.jitgate.aws.provider.AwsStub.action;
import static dev.jitgate.aws.provider.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.Grant;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Extending access on AWS (issue 14), on the wire: neither Identity Center nor STS has an expiry to
 * move, so an extension sends nothing; the sweep removes the assignment at the new end, and role
 * credentials issued after the extension last until it.
 */
class AwsExtendTest {
  private static final Instant START = RoleCredentialsProviderTest.START;

  private final MutableClock clock = new MutableClock(START);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private AwsStub aws;

  @BeforeEach
  void start() {
    aws = new AwsStub();
    aws.server.stubFor(action("AssumeRole").willReturn(xml(RoleCredentialsProviderTest.ASSUMED)));
    aws.server.stubFor(
        action("GetRole")
            .willReturn(
                xml(
                    RoleCredentialsProviderTest.role(
                        RoleCredentialsProviderTest.ROLE,
                        Optional.of(RoleCredentialsProviderTest.BOUNDARY)))));
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private RoleCredentialsProvider roleCredentials() {
    return new RoleCredentialsProvider(
        aws.clients.sts(),
        aws.clients.iam(),
        Optional.of(RoleCredentialsProviderTest.BOUNDARY),
        clock,
        RoleCredentialsProvider.MAX_SESSION,
        Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 3),
        sleeper);
  }

  @Test
  void identityCenter_extend_sendsNothing_theSweepEndsTheAssignmentAtTheNewEnd() {
    IdentityCenterProvider provider =
        new IdentityCenterProvider(
            aws.clients.ssoAdmin(),
            aws.clients.identityStore(),
            clock,
            Backoff.exact(Duration.ofMillis(10), Duration.ofMillis(80), 5),
            sleeper);
    Grant extended =
        IdentityCenterProviderTest.grant()
            .endingAt(IdentityCenterProviderTest.grant().window().end().plusSeconds(3600));

    assertThat(provider.extend(extended))
        .containsEntry("expiry", "enforced by the sweep at the new end");
    assertThat(aws.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void roleCredentials_extend_sendsNothing() {
    Grant oneHour = RoleCredentialsProviderTest.grant(Duration.ofHours(1), Optional.empty());

    assertThat(roleCredentials().extend(oneHour.endingAt(START.plus(Duration.ofHours(2)))))
        .containsEntry(
            "expiry", "sessions issued from now on last until the new end, at most PT12H");
    assertThat(aws.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void roleCredentials_afterAnExtension_areIssuedUntilTheNewEnd_notTheOld() {
    // given a one-hour window with 10 minutes left: too little for an STS session
    Grant oneHour = RoleCredentialsProviderTest.grant(Duration.ofHours(1), Optional.empty());
    clock.advance(Duration.ofMinutes(50));
    assertThatThrownBy(() -> roleCredentials().issue(oneHour, clock.instant()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("less than 15 minutes from now");
    assertThat(aws.forms("AssumeRole")).isEmpty();

    // when the window is extended by an hour
    Grant extended = oneHour.endingAt(START.plus(Duration.ofHours(2)));
    roleCredentials().issue(extended, clock.instant());

    // then the session lasts until the new end: 70 minutes
    assertThat(aws.forms("AssumeRole")).hasSize(1);
    assertThat(aws.forms("AssumeRole").get(0))
        .containsEntry("DurationSeconds", "4200")
        .containsEntry("RoleArn", RoleCredentialsProviderTest.ROLE)
        .containsEntry("RoleSessionName", "jitgate-req-0000000001")
        .containsEntry("SourceIdentity", "alice@example.com")
        .containsEntry("Tags.member.1.Value", "req-0000000001");
  }
}
