package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import dev.jitgate.token.ApprovalTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sweep's reminders and escalations of PENDING requests (issue 14). Each is first recorded on
 * the request with a compare-and-set, and only the sweep whose write wins sends it: when sweeps
 * race, a reminder or an escalation goes out once. The recorded step also moves the request's due
 * time to its next moment, so the due index stays exact.
 */
final class Nudges {
  /** How often an open break-glass review is reminded when its entitlement has no remindAfter. */
  static final Duration REVIEW_REMINDER_DEFAULT = Duration.ofDays(1);

  /** The open reviews one sweep looks at, newest first. */
  static final int REVIEW_BATCH = 100;

  private final RequestStore store;
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Supplier<Policy> policy;
  private final ApprovalTokens tokens;
  private final Predicate<GrantKind> handles;

  Nudges(
      RequestStore store,
      RequestWriter writer,
      Announcer announcer,
      Supplier<Policy> policy,
      ApprovalTokens tokens,
      Predicate<GrantKind> handles) {
    this.store = store;
    this.writer = writer;
    this.announcer = announcer;
    this.policy = policy;
    this.tokens = tokens;
    this.handles = handles;
  }

  /**
   * Reminds the approvers of every open break-glass review that is due a reminder: every {@code
   * remindAfter} of its entitlement ({@link #REVIEW_REMINDER_DEFAULT} without one) since the
   * activation or the last reminder, until an approver closes it. Read from the store's sparse
   * index of requests waiting on approvers, for the break-glass entitlements this deployment
   * handles (so one deployment of several reminds), at most {@link #REVIEW_BATCH} newest per sweep.
   * Each reminder is recorded with a compare-and-set first: racing sweeps send it once.
   */
  SweepReport reviews(Instant now) {
    Map<EntitlementId, Entitlement> breakGlass = new HashMap<>();
    for (Entitlement e : policy.get().entitlements()) {
      if (e.attention().breakGlass() && handles.test(e.grant().kind())) {
        breakGlass.put(e.id(), e);
      }
    }
    if (breakGlass.isEmpty()) {
      return SweepReport.NOTHING;
    }
    SweepReport report = SweepReport.NOTHING;
    for (AccessRequest open : store.waitingOnApproversFor(breakGlass.keySet(), REVIEW_BATCH)) {
      Entitlement entitlement = breakGlass.get(open.entitlement());
      if (entitlement == null) {
        continue;
      }
      Duration every = entitlement.attention().remindAfter().orElse(REVIEW_REMINDER_DEFAULT);
      if (!open.attention().reviewReminderDue(open.createdAt(), every, now)) {
        continue;
      }
      Optional<AccessRequest> reminded =
          writer.changeIf(
              open,
              r ->
                  r.attention().reviewReminderDue(r.createdAt(), every, now)
                      ? Optional.of(r.remindReview(every, now))
                      : Optional.empty());
      if (reminded.isPresent()) {
        announcer.announce(
            Notification.Kind.REVIEW_REMINDER,
            reminded.get(),
            Optional.of(entitlement),
            policy.get().knownApprovers(entitlement).stream()
                .filter(approver -> !approver.equals(open.requester()))
                .map(Notification.Invite::withoutLink)
                .toList(),
            now);
        report = report.plus(SweepReport.remindedOne());
      }
    }
    return report;
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
