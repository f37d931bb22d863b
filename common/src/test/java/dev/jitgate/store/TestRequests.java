package dev.jitgate.store;

import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.AttentionRule;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.DurationLimits;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ExtensionRule;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.JustificationRule;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.Review;
import dev.jitgate.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Realistic requests for store tests, each brought to its state through the real domain
 * transitions: {@code TestRequests.request().requester("bob@example.com").at(t).active()}.
 *
 * <p>Times follow from {@link Draft#at}: approvals one {@link #STEP} apart, activation one step
 * after approval, a PENDING request due at its approval deadline, an ACTIVE one at its window's
 * end.
 */
public final class TestRequests {

  /** A fixed, whole-second start for the timeline of every fixture. */
  public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** The gap between two steps of a request's life. */
  public static final Duration STEP = Duration.ofMinutes(1);

  public static final Duration APPROVAL_TIMEOUT = Duration.ofHours(24);

  public static final String REQUESTER = "alice@example.com";

  private static final String SUBSCRIPTION = "/subscriptions/6f2c1a5e-3b7d-4c1e-9a0f-2d8e5b4c7a10";

  private TestRequests() {}

  /** A new draft with the defaults: alice asks for {@code prod-read}, a GCP binding, 1 approval. */
  public static Draft request() {
    return new Draft();
  }

  /** The {@code n}th approver, from 1. */
  public static UserId approver(int n) {
    return new UserId("approver" + n + "@example.com");
  }

  public static GrantSpec gcpIamBinding() {
    return new GrantSpec.GcpIamBinding("projects/jitgate-prod-42", "roles/cloudsql.viewer");
  }

  /** A token of one service account, for two scopes. */
  public static GrantSpec gcpServiceAccountToken() {
    return new GrantSpec.GcpServiceAccountToken(
        "deployer@jitgate-prod-42.iam.gserviceaccount.com",
        List.of(
            "https://www.googleapis.com/auth/devstorage.read_write",
            "https://www.googleapis.com/auth/cloud-platform.read-only"));
  }

  public static GrantSpec awsIdentityCenter() {
    return new GrantSpec.AwsIdentityCenter(
        "arn:aws:sso:::instance/ssoins-7223b4c1d2e3f4a5",
        "d-9067a1b2c3",
        "arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b",
        "123456789012");
  }

  /** Role credentials narrowed by a session policy. */
  public static GrantSpec awsRoleCredentials() {
    return new GrantSpec.AwsRoleCredentials(
        "arn:aws:iam::123456789012:role/jitgate/BreakGlass",
        Optional.of(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::audit-logs/*\"}]}"));
  }

  /** Role credentials with the role's whole permissions: no session policy. */
  public static GrantSpec awsRoleCredentialsUnscoped() {
    return new GrantSpec.AwsRoleCredentials(
        "arn:aws:iam::123456789012:role/ReadOnly", Optional.empty());
  }

  public static GrantSpec azurePim() {
    return new GrantSpec.AzurePim(SUBSCRIPTION, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
  }

  public static GrantSpec azureRoleAssignment() {
    return new GrantSpec.AzureRoleAssignment(
        SUBSCRIPTION + "/resourceGroups/rg-payments",
        SUBSCRIPTION
            + "/providers/Microsoft.Authorization/roleDefinitions/"
            + "b24988ac-6180-42a0-ab88-20f7382dd24c");
  }

  /** One spec of every grant kind, and both forms of role credentials. */
  public static List<GrantSpec> everyGrantSpec() {
    return List.of(
        gcpIamBinding(),
        gcpServiceAccountToken(),
        awsIdentityCenter(),
        awsRoleCredentials(),
        awsRoleCredentialsUnscoped(),
        azurePim(),
        azureRoleAssignment());
  }

  /** An entitlement that {@code group:engineering} may ask for and two approvers approve. */
  public static Entitlement entitlement(String id, GrantSpec grant, int approvalsRequired) {
    return entitlement(id, grant, approvalsRequired, AttentionRule.NONE);
  }

  /** As {@link #entitlement(String, GrantSpec, int)}, with reminders, escalation or break-glass. */
  public static Entitlement entitlement(
      String id, GrantSpec grant, int approvalsRequired, AttentionRule rule) {
    return new Entitlement(
        new EntitlementId(id),
        "test entitlement " + id,
        grant,
        List.of(new Principal.Group("engineering")),
        List.of(new Principal.User(approver(1)), new Principal.User(approver(2))),
        approvalsRequired,
        new DurationLimits(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofHours(8)),
        JustificationRule.NONE,
        APPROVAL_TIMEOUT,
        true,
        List.of(),
        rule,
        ExtensionRule.NONE,
        Duration.ZERO);
  }

  /** {@code e} with the given extensions and scheduling limit (issue 14). */
  public static Entitlement withWindows(
      Entitlement e, ExtensionRule extensions, Duration scheduleAhead) {
    return new Entitlement(
        e.id(),
        e.description(),
        e.grant(),
        e.requesters(),
        e.approvers(),
        e.approvalsRequired(),
        e.duration(),
        e.justification(),
        e.approvalTimeout(),
        e.signInRequired(),
        e.alsoNotify(),
        e.attention(),
        extensions,
        scheduleAhead);
  }

  /** Reminded after 1 hour, escalated to {@code user:dir@example.com} after 4. */
  public static final AttentionRule REMIND_AND_ESCALATE =
      new AttentionRule(
          java.util.Optional.of(Duration.ofHours(1)),
          java.util.Optional.of(Duration.ofHours(4)),
          List.of(new Principal.User(new UserId("dir@example.com"))),
          java.util.Optional.empty(),
          List.of());

  /** Break-glass allowed for up to 1 hour. */
  public static final AttentionRule BREAK_GLASS =
      new AttentionRule(
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          List.of(),
          java.util.Optional.of(Duration.ofHours(1)),
          List.of());

  /**
   * One request in every state, with every grant kind among them, all submitted at {@code at} and
   * with fresh ids.
   */
  public static List<AccessRequest> oneInEveryState(Instant at) {
    List<GrantSpec> specs = everyGrantSpec();
    Draft[] d = new Draft[12];
    for (int i = 0; i < d.length; i++) {
      d[i] = request().at(at).grant(specs.get(i % specs.size()));
    }
    return List.of(
        d[0].pending(),
        d[1].approvals(2).pending().approve(approver(1), "fine by me", at.plus(STEP)),
        d[2].notified(),
        d[3].approvals(2).approved(),
        d[4].approvals(0).approved(),
        d[5].retrying(),
        d[6].active(),
        d[7].denied(),
        d[8].cancelled(),
        d[9].timedOut(),
        d[10].expired(),
        d[11].revoked(),
        request().at(at).grant(awsRoleCredentials()).failed(),
        request().at(at).grant(awsIdentityCenter()).granting(),
        request().at(at).grant(azurePim()).revoking(),
        request().at(at).attention(REMIND_AND_ESCALATE).escalated(),
        request().at(at).breakGlassActive(),
        request().at(at).breakGlassReviewed());
  }

  /** A request in the making; its terminal methods run the domain transitions. */
  public static final class Draft {
    private RequestId id = RequestId.random();
    private String requester = REQUESTER;
    private String[] groups = {"engineering", "oncall"};
    private String entitlement = "prod-read";
    private GrantSpec grant = gcpIamBinding();
    private int approvals = 1;
    private Duration duration = Duration.ofHours(2);
    private String justification = "INC-4711: checking the failed payment batch";
    private Instant at = T0;
    private AttentionRule rule = AttentionRule.NONE;

    private Draft() {}

    /** The entitlement's reminder, escalation and break-glass rule (issue 14). */
    public Draft attention(AttentionRule value) {
      rule = value;
      return this;
    }

    /** PENDING, reminded at its reminder time and escalated at its escalation time. */
    public AccessRequest escalated() {
      AccessRequest r = pending();
      r = r.remind(r.attention().remindAt());
      return r.escalate("user:dir@example.com", r.attention().escalateAt());
    }

    /** A break-glass activation, ACTIVE with its review open, due at its window's end. */
    public AccessRequest breakGlassActive() {
      rule = BREAK_GLASS;
      duration = Duration.ofMinutes(30);
      AccessRequest r =
          AccessRequest.breakGlass(
              id,
              TestRequests.entitlement(entitlement, grant, approvals, rule),
              Caller.of(requester, groups),
              duration,
              justification,
              at);
      return r.startGrant(at.plusSeconds(1)).activate(at.plusSeconds(2), Map.of());
    }

    /** A break-glass activation whose review an approver closed as flagged. */
    public AccessRequest breakGlassReviewed() {
      return breakGlassActive()
          .review(approver(1), Review.Outcome.FLAGGED, "no incident", at.plus(STEP));
    }

    public Draft id(String value) {
      id = new RequestId(value);
      return this;
    }

    public Draft requester(String email, String... claimedGroups) {
      requester = email;
      groups = claimedGroups.length == 0 ? groups : claimedGroups;
      return this;
    }

    public Draft entitlement(String value) {
      entitlement = value;
      return this;
    }

    public Draft grant(GrantSpec value) {
      grant = value;
      return this;
    }

    /** How many approvals the entitlement needs; 0 approves on submission. */
    public Draft approvals(int value) {
      approvals = value;
      return this;
    }

    public Draft duration(Duration value) {
      duration = value;
      return this;
    }

    public Draft justification(String value) {
      justification = value;
      return this;
    }

    /** When the request is submitted. */
    public Draft at(Instant value) {
      at = value;
      return this;
    }

    /** Submitted, waiting for approval; due at {@code at} + {@link #APPROVAL_TIMEOUT}. */
    public AccessRequest pending() {
      return AccessRequest.submit(
          id,
          TestRequests.entitlement(entitlement, grant, approvals, rule),
          Caller.of(requester, groups),
          duration,
          justification,
          at);
    }

    /**
     * APPROVED by as many approvers as needed, one step apart, ahead of a window that starts at
     * {@code startAt}; due then for activation.
     */
    public AccessRequest scheduled(Instant startAt) {
      Entitlement schedulable =
          withWindows(
              TestRequests.entitlement(entitlement, grant, approvals, rule),
              ExtensionRule.NONE,
              Duration.ofDays(30));
      AccessRequest r =
          AccessRequest.submit(
              id, schedulable, Caller.of(requester, groups), duration, justification, startAt, at);
      for (int i = 1; i <= approvals; i++) {
        r = r.approve(approver(i), "", at.plus(STEP.multipliedBy(i)));
      }
      return r;
    }

    /** PENDING, after the approvers were notified: an event that is not a transition. */
    public AccessRequest notified() {
      return pending()
          .record(
              AuditType.NOTIFIED,
              AccessRequest.SYSTEM,
              Map.of("channel", "mail", "to", approver(1).email()),
              at.plusSeconds(1));
    }

    /** APPROVED by as many approvers as needed, one step apart; due at once for activation. */
    public AccessRequest approved() {
      AccessRequest r = pending();
      for (int n = 1; n <= approvals; n++) {
        // The second approver leaves no comment, so a null comment is covered too.
        r =
            r.approve(
                approver(n), n == 1 ? "ok for INC-4711" : null, at.plus(STEP.multipliedBy(n)));
      }
      return r;
    }

    /** APPROVED, after one failed grant attempt; due again five steps later. */
    public AccessRequest retrying() {
      Instant failedAt = approvedAt().plus(STEP);
      return approved()
          .activationFailed(
              "ThrottlingException: rate exceeded", failedAt, failedAt.plus(STEP.multipliedBy(5)));
    }

    /** APPROVED, with the intent to grant stored one step after approval. */
    public AccessRequest granting() {
      return approved().startGrant(approvedAt().plus(STEP));
    }

    /** ACTIVE, with an early revoke asked for two steps after activation and not yet done. */
    public AccessRequest revoking() {
      AccessRequest r = active();
      return r.startRevoke(
          approver(1), "access no longer needed", r.activatedAt().plus(STEP.multipliedBy(2)));
    }

    /** ACTIVE, with a 30-minute extension asked two steps in and waiting for approval. */
    public AccessRequest extensionPending() {
      AccessRequest r = active();
      Entitlement extendable =
          withWindows(
              TestRequests.entitlement(entitlement, grant, approvals, rule),
              new ExtensionRule(2, true),
              Duration.ZERO);
      return r.requestExtension(
          r.requester(),
          Duration.ofMinutes(30),
          "INC-4711: the batch rerun needs longer",
          extendable,
          r.activatedAt().plus(STEP));
    }

    /** ACTIVE, its pending extension approved and followed by the cloud: the window ends later. */
    public AccessRequest extended() {
      AccessRequest r = extensionPending();
      Instant at = r.activatedAt().plus(STEP.multipliedBy(2));
      return r.approveExtension(approver(1), "fine", at).extensionApplied(at, Map.of());
    }

    /** ACTIVE, its pending extension denied by the first approver. */
    public AccessRequest extensionRefused() {
      AccessRequest r = extensionPending();
      return r.extensionRefused(
          "denied by " + approver(1) + ": not this week",
          r.activatedAt().plus(STEP.multipliedBy(2)));
    }

    /** ACTIVE one step after approval; due at its window's end. */
    public AccessRequest active() {
      return approved()
          .activate(approvedAt().plus(STEP), Map.of("artifact", grant.kind().id() + ":" + id));
    }

    /** DENIED by the first approver one step after submission. */
    public AccessRequest denied() {
      return pending().deny(approver(1), "not during the change freeze", at.plus(STEP));
    }

    /** CANCELLED by the requester one step after submission. */
    public AccessRequest cancelled() {
      return pending().cancel(new UserId(requester), at.plus(STEP));
    }

    /** TIMED_OUT at its approval deadline. */
    public AccessRequest timedOut() {
      AccessRequest r = pending();
      return r.timeOut(r.approvalDeadline());
    }

    /** EXPIRED at its window's end. */
    public AccessRequest expired() {
      AccessRequest r = active();
      return r.expire(r.window().end(), Map.of("removed", "true"));
    }

    /** REVOKED by the first approver one step after activation. */
    public AccessRequest revoked() {
      AccessRequest r = active();
      return r.revoke(
          approver(1), "incident closed", r.activatedAt().plus(STEP), Map.of("removed", "true"));
    }

    /** FAILED: the grant kept failing until the window ended. */
    public AccessRequest failed() {
      AccessRequest r = retrying();
      return r.fail("the access window ended before the grant succeeded", r.window().end());
    }

    private Instant approvedAt() {
      return at.plus(STEP.multipliedBy(approvals));
    }
  }
}
