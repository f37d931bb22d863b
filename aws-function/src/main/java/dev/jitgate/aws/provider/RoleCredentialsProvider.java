package dev.jitgate.aws.provider;

import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
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
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Grants {@code aws.role-credentials}: nothing is created at grant; each {@link #issue} is an STS
 * AssumeRole whose session ends no later than the window, carries the requester as SourceIdentity
 * and the request id as a session tag, and is narrowed by the entitlement's session policy. An
 * early revoke denies the requester's earlier sessions on the role through an inline policy. Both
 * happen only on a role of jitgate's own account that carries the configured permissions boundary
 * ({@link RoleBoundary}), so that nothing jitgate writes on a role reaches past that boundary.
 */
public final class RoleCredentialsProvider implements AccessProvider, CredentialIssuer {
  /** STS API reference, AssumeRole: DurationSeconds is at least 900. */
  public static final Duration MIN_SESSION = Duration.ofMinutes(15);

  /** STS API reference, AssumeRole: DurationSeconds is at most 12 hours. */
  public static final Duration MAX_SESSION = Duration.ofHours(12);

  /**
   * The most STS allows when the caller itself holds role credentials, as a Lambda function does
   * (IAM User Guide, "Role chaining": at most one hour, whatever the role's MaxSessionDuration).
   */
  public static final Duration CHAINED_MAX_SESSION = Duration.ofHours(1);

  private final Supplier<StsClient> sts;
  private final Clock clock;
  private final Duration maxSession;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final RevokeWriter revokes;
  private final RoleBoundary boundary;

  /**
   * @param sts and {@code iam}: built as {@code AwsClients} does (no SDK retries)
   * @param roleBoundary the ARN of the permissions boundary every role handed out must carry
   *     ({@code JITGATE_AWS_ROLE_BOUNDARY_ARN}); empty refuses every role
   * @param maxSession the longest session to ask for, from {@link #MIN_SESSION} to {@link
   *     #MAX_SESSION}; use {@link #CHAINED_MAX_SESSION} when jitgate runs on role credentials
   *     (Lambda), and no more than the roles' MaxSessionDuration. A requester whose window is
   *     longer fetches credentials again.
   * @param backoff bounds each issue and revoke
   */
  public RoleCredentialsProvider(
      StsClient sts,
      IamClient iam,
      Optional<String> roleBoundary,
      Clock clock,
      Duration maxSession,
      Backoff backoff,
      Sleeper sleeper) {
    this(given(sts, "sts"), given(iam, "iam"), roleBoundary, clock, maxSession, backoff, sleeper);
  }

  /**
   * A provider whose STS and IAM clients are built on first use, not with it: building them loads
   * hundreds of classes (IAM's alone, some 350) that a function instance serving only reads never
   * needs. The arguments are those of the public constructor.
   */
  public static RoleCredentialsProvider onFirstUse(
      Supplier<StsClient> sts,
      Supplier<IamClient> iam,
      Optional<String> roleBoundary,
      Clock clock,
      Duration maxSession,
      Backoff backoff,
      Sleeper sleeper) {
    return new RoleCredentialsProvider(
        Objects.requireNonNull(sts, "sts"),
        Objects.requireNonNull(iam, "iam"),
        roleBoundary,
        clock,
        maxSession,
        backoff,
        sleeper);
  }

  private RoleCredentialsProvider(
      Supplier<StsClient> sts,
      Supplier<IamClient> iam,
      Optional<String> roleBoundary,
      Clock clock,
      Duration maxSession,
      Backoff backoff,
      Sleeper sleeper) {
    this.sts = sts;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxSession = Objects.requireNonNull(maxSession, "maxSession");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    if (maxSession.compareTo(MIN_SESSION) < 0 || maxSession.compareTo(MAX_SESSION) > 0) {
      throw new IllegalArgumentException("maxSession must be from 15 minutes to 12 hours");
    }
    this.revokes = new RevokeWriter(iam, clock);
    this.boundary = new RoleBoundary(iam, roleBoundary);
  }

  private static <T> Supplier<T> given(T client, String name) {
    Objects.requireNonNull(client, name);
    return () -> client;
  }

  @Override
  public GrantKind kind() {
    return GrantKind.AWS_ROLE_CREDENTIALS;
  }

  /**
   * Checks that credentials can still be issued within the window; nothing exists in AWS to create.
   */
  @Override
  public Map<String, String> grant(Grant grant) {
    GrantSpec.AwsRoleCredentials spec = spec(grant);
    sessionSeconds(grant, clock.instant());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("roleArn", spec.roleArn());
    details.put("sourceIdentity", StsNames.sourceIdentity(grant.principal()));
    details.put("sessionTag", StsNames.REQUEST_TAG + "=" + grant.requestId().value());
    return details;
  }

  /**
   * Nothing to change in AWS: each session is issued for the window as it then stands, so sessions
   * issued after an extension last until the new end (at most the maximum session), and those
   * issued before keep the expiry STS gave them.
   */
  @Override
  public Map<String, String> extend(Grant grant) {
    spec(grant);
    return Map.of(
        "expiry", "sessions issued from now on last until the new end, at most " + maxSession);
  }

  @Override
  public SessionCredentials issue(Grant grant, Instant now) {
    GrantSpec.AwsRoleCredentials spec = spec(grant);
    int seconds = sessionSeconds(grant, now);
    Attempts attempts = attempts("issuing credentials", grant);
    if (!boundary.check(spec.roleArn(), attempts)) {
      throw new ProviderException("role " + spec.roleArn() + " does not exist");
    }
    String denied =
        "sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession on "
            + spec.roleArn()
            + " (the role's trust policy must allow all three for jitgate's role)";
    Credentials credentials;
    try {
      credentials =
          attempts
              .call(
                  denied,
                  () ->
                      sts.get()
                          .assumeRole(
                              r ->
                                  r.roleArn(spec.roleArn())
                                      .roleSessionName(StsNames.sessionName(grant.requestId()))
                                      .durationSeconds(seconds)
                                      .sourceIdentity(StsNames.sourceIdentity(grant.principal()))
                                      .tags(
                                          Tag.builder()
                                              .key(StsNames.REQUEST_TAG)
                                              .value(grant.requestId().value())
                                              .build())
                                      .policy(spec.sessionPolicy().orElse(null))),
                  RoleCredentialsProvider::needsExplaining)
              .credentials();
    } catch (SdkException e) {
      throw explained(spec, seconds, e);
    }
    return new SessionCredentials.AwsKeys(
        credentials.accessKeyId(),
        credentials.secretAccessKey(),
        credentials.sessionToken(),
        credentials.expiration());
  }

  /**
   * Denies the requester's sessions on the role issued before now. At or after the window's end
   * (the sweep's expiry) there is nothing to do: every session jitgate issued for this grant ended
   * with the window, so no inline policy is written.
   */
  @Override
  public void revoke(Grant grant) {
    GrantSpec.AwsRoleCredentials spec = spec(grant);
    Instant now = clock.instant();
    if (!now.isBefore(grant.window().end())) {
      return;
    }
    Attempts attempts = attempts("revoking", grant);
    if (!boundary.check(spec.roleArn(), attempts)) {
      return; // no role, no sessions to deny
    }
    revokes.denyEarlierSessions(
        spec.roleArn(), StsNames.sourceIdentity(grant.principal()), now, attempts);
  }

  /**
   * The session length for {@code now}: the rest of the window, at most {@code maxSession}; never
   * past the window, so a window with less than the STS minimum left gets no credentials at all.
   */
  private int sessionSeconds(Grant grant, Instant now) {
    Duration remaining = grant.window().remaining(now);
    if (remaining.compareTo(MIN_SESSION) < 0) {
      throw new ProviderException(
          "the access window of request "
              + grant.requestId()
              + " ends at "
              + grant.window().end()
              + ", less than 15 minutes from now, and STS issues no shorter session; request"
              + " access again for a new window");
    }
    return (int) Math.min(remaining.getSeconds(), maxSession.getSeconds());
  }

  private static boolean needsExplaining(SdkException e) {
    return AwsErrors.isCode(e, "PackedPolicyTooLarge")
        || AwsErrors.isCode(e, "MalformedPolicyDocument")
        || AwsErrors.isCode(e, "ValidationError");
  }

  /** STS refusals the requester or an admin can act on, in their terms. */
  private static ProviderException explained(
      GrantSpec.AwsRoleCredentials spec, int seconds, SdkException e) {
    String aws = AwsErrors.describe(e);
    String message =
        switch (AwsErrors.code(e)) {
          case "PackedPolicyTooLarge" ->
              "the entitlement's session policy and session tag are too large for STS; shorten"
                  + " the sessionPolicy";
          case "MalformedPolicyDocument" -> "STS refused the entitlement's session policy";
          default ->
              aws.contains("DurationSeconds")
                  ? "STS refused a "
                      + seconds
                      + " s session on "
                      + spec.roleArn()
                      + "; raise the role's MaxSessionDuration, or lower jitgate's maximum"
                      + " session (one hour when jitgate itself runs on role credentials)"
                  : "sts:AssumeRole refused the request for " + spec.roleArn();
        };
    return new ProviderException(message + ": " + aws, e);
  }

  private Attempts attempts(String verb, Grant grant) {
    return new Attempts(
        verb + " for " + spec(grant).roleArn() + " to " + grant.principal().email(),
        backoff,
        sleeper,
        clock);
  }

  private static GrantSpec.AwsRoleCredentials spec(Grant grant) {
    if (grant.spec() instanceof GrantSpec.AwsRoleCredentials spec) {
      return spec;
    }
    throw new IllegalArgumentException(
        "the role credentials provider cannot grant " + grant.spec().kind().id());
  }
}
