package dev.jitgate.policy;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.UserId;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A loaded and valid policy: the entitlements, who may request and approve each, and the webhooks
 * they notify. Build it with {@link #load} or {@link #parse}, which check every rule of POLICY.md
 * and throw a {@link PolicyException} listing all the problems at once.
 *
 * <p>Values an entitlement leaves out take these defaults: {@code approvals: 1}; {@code duration}
 * {@code default: PT1H}, {@code min: PT5M}, {@code max: PT8H} (each part on its own, and all within
 * the 12 hours {@code aws.role-credentials} allows); {@code approvalTimeout: PT24H}; {@code
 * signInRequired: false}; {@code justification.required: false}; no approvers, no extra notify
 * targets and an empty description.
 *
 * <p>A principal matches a user when it is {@code user:<that e-mail>} (case does not matter), or
 * {@code group:<g>} where the user claims {@code g} or the policy's {@code groups:} lists them in
 * {@code g}. A group that {@code groups:} does not define is left to claims, with a warning.
 */
public final class Policy {
  /**
   * The group whose members may export the audit trail. Only the policy's own list counts: an
   * identity-provider group of that name does not, so the IdP cannot make an auditor.
   */
  public static final String AUDITORS = "auditors";

  private final List<Entitlement> entitlements;
  private final Map<EntitlementId, Entitlement> byId;
  private final Membership membership;
  private final Map<String, Webhook> webhooks;
  private final Optional<SlackIntegration> slack;
  private final List<PolicyProblem> warnings;
  private final String digest;

  Policy(
      List<Entitlement> entitlements,
      Membership membership,
      Map<String, Webhook> webhooks,
      Optional<SlackIntegration> slack,
      List<PolicyProblem> warnings) {
    this.entitlements = List.copyOf(entitlements);
    Map<EntitlementId, Entitlement> index = new LinkedHashMap<>();
    this.entitlements.forEach(e -> index.put(e.id(), e));
    this.byId = Collections.unmodifiableMap(index);
    this.membership = membership;
    this.webhooks = Collections.unmodifiableMap(new LinkedHashMap<>(webhooks));
    this.slack = Objects.requireNonNull(slack, "slack");
    this.warnings = List.copyOf(warnings);
    this.digest = "";
  }

  private Policy(Policy checked, String digest) {
    this.entitlements = checked.entitlements;
    this.byId = checked.byId;
    this.membership = checked.membership;
    this.webhooks = checked.webhooks;
    this.slack = checked.slack;
    this.warnings = checked.warnings;
    this.digest = digest;
  }

  /** Reads and checks the policy file; a missing or unreadable file is a PolicyException too. */
  public static Policy load(Path file) {
    Objects.requireNonNull(file, "file");
    String sourceName = file.toString();
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), sourceName);
    } catch (NoSuchFileException e) {
      throw unreadable(sourceName, "the policy file " + file.toAbsolutePath() + " does not exist");
    } catch (AccessDeniedException e) {
      throw unreadable(
          sourceName,
          "the policy file " + file.toAbsolutePath() + " cannot be read: permission denied");
    } catch (MalformedInputException e) {
      throw unreadable(
          sourceName, "the policy file " + file.toAbsolutePath() + " is not UTF-8 text");
    } catch (IOException e) {
      throw unreadable(
          sourceName,
          "the policy file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * Reads and checks a policy given as YAML text; {@code sourceName} labels it in problems, as in
   * {@code policy.yaml:14: ...}.
   */
  public static Policy parse(String yaml, String sourceName) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    return new Policy(PolicyParser.parse(yaml, sourceName), sha256(yaml));
  }

  /**
   * The SHA-256 of the policy's text, in hex: deployments that share a store compare it, so the
   * same file deployed everywhere gives the same digest.
   */
  public String digest() {
    return digest;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Whether {@code user} is listed in the policy's {@link #AUDITORS} group. */
  public boolean isAuditor(UserId user) {
    return membership.lists(AUDITORS, user);
  }

  /**
   * Why nobody can export the audit trail under this policy, when that is so: no {@link #AUDITORS}
   * group, or an empty one. A policy may mean that, so {@code validate} warns and loading does not
   * fail.
   */
  public Optional<String> auditorsWarning() {
    if (!membership.defines(AUDITORS)) {
      return Optional.of(
          "there is no '"
              + AUDITORS
              + "' group, so nobody can export the audit trail (GET /api/v1/audit);"
              + " list the auditors under groups: "
              + AUDITORS
              + ": [...]");
    }
    if (!membership.hasMembers(AUDITORS)) {
      return Optional.of(
          "the '" + AUDITORS + "' group is empty, so nobody can export the audit trail");
    }
    return Optional.empty();
  }

  public Optional<Entitlement> entitlement(EntitlementId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** All entitlements, in the order of the file. */
  public List<Entitlement> entitlements() {
    return entitlements;
  }

  /** True when one of {@code e}'s requesters matches {@code user}. */
  public boolean canRequest(UserId user, Set<String> claimedGroups, Entitlement e) {
    return membership.matches(e.requesters(), user, claimedGroups);
  }

  /**
   * True when one of {@code e}'s approvers matches {@code user}. Whether they may approve one
   * particular request (not their own, and only once) is the service's rule.
   */
  public boolean canApprove(UserId user, Set<String> claimedGroups, Entitlement e) {
    return membership.matches(e.approvers(), user, claimedGroups);
  }

  /**
   * True when an approval {@code approver} gave earlier still counts for {@code e} under this
   * policy. Their claimed groups are not known after the fact, so when {@code e}'s approvers
   * include groups left to claims, an approver the policy's own lists do not name still counts.
   */
  public boolean approvalStillCounts(UserId approver, Entitlement e) {
    return membership.matches(e.approvers(), approver, Set.of())
        || !membership.enumerable(e.approvers());
  }

  public boolean canRequest(Caller caller, Entitlement e) {
    return canRequest(caller.email(), caller.groups(), e);
  }

  public boolean canApprove(Caller caller, Entitlement e) {
    return canApprove(caller.email(), caller.groups(), e);
  }

  /**
   * True when {@code caller} may decide {@code request}: an approver of {@code e}, or, once the
   * request was escalated, one of {@code e}'s {@code escalateTo} (issue 14).
   */
  public boolean canDecide(Caller caller, Entitlement e, dev.jitgate.domain.AccessRequest request) {
    return canApprove(caller, e) || (request.attention().escalated() && escalatedTo(caller, e));
  }

  /** True when {@code caller} is among {@code e}'s {@code escalateTo}. */
  public boolean escalatedTo(Caller caller, Entitlement e) {
    return membership.matches(e.attention().escalateTo(), caller.email(), caller.groups());
  }

  /** The entitlements whose escalation reaches {@code caller}, in the order of the file. */
  public List<Entitlement> escalatingTo(Caller caller) {
    return entitlements.stream().filter(e -> escalatedTo(caller, e)).toList();
  }

  /** Everyone {@code e}'s escalation adds; escalateTo names only listable principals. */
  public Set<UserId> knownEscalationApprovers(Entitlement e) {
    return membership.knownUsers(e.attention().escalateTo());
  }

  /** The entitlements {@code caller} may request, in the order of the file. */
  public List<Entitlement> requestableBy(Caller caller) {
    return entitlements.stream().filter(e -> canRequest(caller, e)).toList();
  }

  /** The entitlements {@code caller} may approve, in the order of the file. */
  public List<Entitlement> approvableBy(Caller caller) {
    return entitlements.stream().filter(e -> canApprove(caller, e)).toList();
  }

  /**
   * The approvers of {@code e} that can be listed: users named with {@code user:} and members of
   * groups the policy defines. Members of groups left to claims are not known until they sign in.
   */
  public Set<UserId> knownApprovers(Entitlement e) {
    return membership.knownUsers(e.approvers());
  }

  /**
   * Everyone the policy names: the members of its groups, then users named directly as requesters
   * or approvers; for the local runner's development sign-in.
   */
  public Set<UserId> people() {
    Set<UserId> people = new java.util.LinkedHashSet<>(membership.members());
    for (Entitlement e : entitlements) {
      people.addAll(membership.knownUsers(e.requesters()));
      people.addAll(membership.knownUsers(e.approvers()));
    }
    return Collections.unmodifiableSet(people);
  }

  /** The webhooks by name, in the order of the file. */
  public Map<String, Webhook> webhooks() {
    return webhooks;
  }

  /** The Slack app that posts requests with Approve and Deny buttons, when the policy has one. */
  public Optional<SlackIntegration> slack() {
    return slack;
  }

  /** What loaded but may not be what was meant, such as groups left to claims. */
  public List<PolicyProblem> warnings() {
    return warnings;
  }

  private static PolicyException unreadable(String sourceName, String message) {
    return new PolicyException(
        sourceName,
        List.of(
            new PolicyProblem(
                PolicyProblem.Severity.ERROR, Optional.empty(), "", OptionalInt.empty(), message)));
  }
}
