package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.Notification;
import dev.jitgate.token.ApprovalTokens;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sweep's reminders and escalations of PENDING requests (issue 14). Each is first recorded on
 * the request with a compare-and-set, and only the sweep whose write wins sends it: when sweeps
 * race, a reminder or an escalation goes out once. The recorded step also moves the request's due
 * time to its next moment, so the due index stays exact.
 */
final class Nudges {
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Supplier<Policy> policy;
  private final ApprovalTokens tokens;

  Nudges(
      RequestWriter writer, Announcer announcer, Supplier<Policy> policy, ApprovalTokens tokens) {
    this.writer = writer;
    this.announcer = announcer;
    this.policy = policy;
    this.tokens = tokens;
  }

  /** Sends whatever reminder or escalation of {@code request} is due at {@code now}. */
  SweepReport run(AccessRequest request, Instant now) {
    Optional<Entitlement> entitlement = policy.get().entitlement(request.entitlement());
    SweepReport report = SweepReport.NOTHING;
    AccessRequest current = request;
    if (current.attention().reminderDue(now)) {
      Optional<AccessRequest> reminded =
          writer.changeIf(
              current,
              r ->
                  r.state() == RequestState.PENDING && r.attention().reminderDue(now)
                      ? Optional.of(r.remind(now))
                      : Optional.empty());
      if (reminded.isPresent()) {
        current =
            announcer.announce(
                Notification.Kind.REMINDER,
                reminded.get(),
                entitlement,
                invites(reminded.get(), deciders(reminded.get(), entitlement)),
                now);
        report = report.plus(SweepReport.remindedOne());
      }
    }
    if (current.attention().escalationDue(now)) {
      String to =
          entitlement
              .map(e -> e.attention().escalateTo().stream().map(Nudges::written))
              .map(s -> s.collect(Collectors.joining(", ")))
              .orElse("");
      Optional<AccessRequest> escalated =
          writer.changeIf(
              current,
              r ->
                  r.state() == RequestState.PENDING && r.attention().escalationDue(now)
                      ? Optional.of(r.escalate(to, now))
                      : Optional.empty());
      if (escalated.isPresent()) {
        Set<UserId> added =
            entitlement.map(e -> policy.get().knownEscalationApprovers(e)).orElse(Set.of());
        announcer.announce(
            Notification.Kind.ESCALATED,
            escalated.get(),
            entitlement,
            invites(escalated.get(), added),
            now);
        report = report.plus(SweepReport.escalatedOne());
      }
    }
    return report;
  }

  /** Who may decide {@code request} now: its approvers, and its escalation's once escalated. */
  Set<UserId> deciders(AccessRequest request, Optional<Entitlement> entitlement) {
    Set<UserId> people = new LinkedHashSet<>();
    entitlement.ifPresent(
        e -> {
          people.addAll(policy.get().knownApprovers(e));
          if (request.attention().escalated()) {
            people.addAll(policy.get().knownEscalationApprovers(e));
          }
        });
    return people;
  }

  /**
   * A personal approval link for each of {@code people} who may still decide: never the requester,
   * nor someone who already approved.
   */
  List<Notification.Invite> invites(AccessRequest request, Set<UserId> people) {
    return people.stream()
        .filter(request::decidableBy)
        .map(
            approver ->
                new Notification.Invite(
                    approver, tokens.issue(request.id(), approver, request.approvalDeadline())))
        .toList();
  }

  private static String written(Principal p) {
    if (p instanceof Principal.User user) {
      return "user:" + user.user().email();
    }
    if (p instanceof Principal.Group group) {
      return "group:" + group.name();
    }
    return p.toString();
  }
}
