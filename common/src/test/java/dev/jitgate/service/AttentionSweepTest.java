package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.Review;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14: reminders and escalation, driven by the sweep through the store's due index. */
class AttentionSweepTest {
  static final String POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com, dave@example.com]
        directors: [frank@example.com]
      entitlements:
        - id: gcp-prod-storage-admin
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          approvalTimeout: PT24H
          remindAfter: PT1H
          escalateAfter: PT4H
          escalateTo: [group:directors]
          scheduleAhead: P7D
      """;
  static final Caller FRANK = Caller.of("frank@example.com");

  /** Break-glass without remindAfter (reviews reminded daily) and with it (every 6 hours). */
  static final String BREAK_GLASS_POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com, dave@example.com]
      entitlements:
        - id: gcp-prod-owner
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          duration: {default: PT1H, min: PT5M, max: PT4H}
          breakGlass: true
          breakGlassMax: PT1H
          breakGlassNotify: [security@example.com]
        - id: gcp-prod-editor
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/editor}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          duration: {default: PT1H, min: PT5M, max: PT4H}
          remindAfter: PT6H
          breakGlass: true
          breakGlassMax: PT1H
          breakGlassNotify: [security@example.com]
      """;

  private final ServiceHarness h = new ServiceHarness();

  @BeforeEach
  void policy() {
    h.usePolicy(POLICY);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private AccessRequest pending() {
    return h.request(ALICE, "gcp-prod-storage-admin", "INC-1");
  }

  private SweepReport sweepAfter(Duration d) {
    h.clock.advance(d);
    return h.service.sweep(h.clock.instant());
  }

  private static List<AuditEvent> events(AccessRequest r, AuditType type) {
    return r.events().stream().filter(e -> e.type() == type).toList();
  }

  @Test
  void submit_whenRemindAfterIsSet_isDueAtTheReminderNotTheDeadline() {
    AccessRequest r = pending();

    assertThat(r.dueAt()).isEqualTo(r.createdAt().plus(Duration.ofHours(1)));
    assertThat(
            h.store.due(
                RequestState.PENDING,
                EnumSet.of(GrantKind.GCP_IAM_BINDING),
                r.createdAt().plus(Duration.ofHours(1)),
                10))
        .extracting(AccessRequest::id)
        .containsExactly(r.id());
  }

  @Test
  void sweep_whenRemindAfterPasses_remindsApproversOnce_andMovesTheDueTimeToTheEscalation() {
    AccessRequest r = pending();

    SweepReport early = sweepAfter(Duration.ofMinutes(59));
    SweepReport due = sweepAfter(Duration.ofMinutes(1));
    SweepReport again = h.service.sweep(h.clock.instant());
    AccessRequest stored = h.stored(r.id());

    assertThat(early.changes()).isZero();
    assertThat(due.reminded()).isEqualTo(1);
    assertThat(again).isEqualTo(SweepReport.NOTHING);
    assertThat(stored.state()).isEqualTo(RequestState.PENDING);
    assertThat(stored.attention().remindedAt()).isEqualTo(h.clock.instant());
    assertThat(stored.dueAt()).isEqualTo(r.createdAt().plus(Duration.ofHours(4)));
    assertThat(events(stored, AuditType.REMINDED)).hasSize(1);
    List<Notification> reminders = h.notifier.sent(Notification.Kind.REMINDER);
    assertThat(reminders).hasSize(1);
    assertThat(reminders.get(0).invites())
        .extracting(i -> i.approver().email())
        .containsExactlyInAnyOrder("carol@example.com", "dave@example.com");
  }

  @Test
  void sweep_whenEscalateAfterPasses_addsTheGroupAsApprovers_whoCanThenDecide() {
    AccessRequest r = pending();
    assertThatThrownBy(() -> h.service.decide(FRANK, Decide.approve(r.id(), "")))
        .isInstanceOf(dev.jitgate.domain.DomainException.class);
    assertThat(h.service.toDecide(FRANK)).isEmpty();

    sweepAfter(Duration.ofHours(1));
    SweepReport escalation = sweepAfter(Duration.ofHours(3));
    AccessRequest stored = h.stored(r.id());

    assertThat(escalation.escalated()).isEqualTo(1);
    assertThat(stored.attention().escalated()).isTrue();
    assertThat(stored.dueAt()).isEqualTo(stored.approvalDeadline());
    assertThat(events(stored, AuditType.ESCALATED).get(0).details())
        .containsEntry("escalateTo", "group:directors");
    List<Notification> escalations = h.notifier.sent(Notification.Kind.ESCALATED);
    assertThat(escalations).hasSize(1);
    assertThat(escalations.get(0).invites())
        .extracting(i -> i.approver())
        .containsExactly(new UserId("frank@example.com"));
    assertThat(h.service.toDecide(FRANK)).extracting(AccessRequest::id).containsExactly(r.id());

    AccessRequest approved = h.service.decide(FRANK, Decide.approve(r.id(), "director says yes"));

    assertThat(approved.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.gcp.grants()).hasSize(1);
  }

  @Test
  void sweep_whenTheRequestWasDecided_neverRemindsNorEscalates() {
    AccessRequest r = pending();
    h.approve(CAROL, r);

    sweepAfter(Duration.ofHours(5));

    assertThat(h.notifier.sent(Notification.Kind.REMINDER)).isEmpty();
    assertThat(h.notifier.sent(Notification.Kind.ESCALATED)).isEmpty();
  }

  @Test
  void sweep_whenTheDeadlinePassesWithEverythingDueAtOnce_timesOutWithoutNudging() {
    AccessRequest r = pending();

    SweepReport report = sweepAfter(Duration.ofHours(24));

    assertThat(report.timedOut()).isEqualTo(1);
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.TIMED_OUT);
    assertThat(h.notifier.sent(Notification.Kind.REMINDER)).isEmpty();
  }

  @Test
  void sweep_whenAReminderIsLateEnoughThatBothAreDue_sendsEachOnce() {
    AccessRequest r = pending();

    SweepReport report = sweepAfter(Duration.ofHours(5));

    assertThat(report.reminded()).isEqualTo(1);
    assertThat(report.escalated()).isEqualTo(1);
    assertThat(h.notifier.sent(Notification.Kind.REMINDER)).hasSize(1);
    assertThat(h.notifier.sent(Notification.Kind.ESCALATED)).hasSize(1);
    assertThat(h.notifier.sent(Notification.Kind.REMINDER).get(0).invites())
        .extracting(i -> i.approver().email())
        .doesNotContain("frank@example.com");
    assertThat(h.stored(r.id()).dueAt()).isEqualTo(r.approvalDeadline());
  }

  @Test
  void sweep_whenFourSweepsRaceOnTheSameStore_sendsExactlyOneReminderAndOneEscalation()
      throws Exception {
    int requests = 5;
    List<AccessRequest> created = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      created.add(h.request(ALICE, "gcp-prod-storage-admin", "INC-" + i));
    }
    List<AccessService> sweeps =
        List.of(h.restarted(), h.restarted(), h.restarted(), h.restarted());

    h.clock.advance(Duration.ofHours(1));
    List<SweepReport> reminding = race(sweeps, h.clock.instant());
    h.clock.advance(Duration.ofHours(3));
    List<SweepReport> escalating = race(sweeps, h.clock.instant());

    assertThat(reminding.stream().mapToInt(SweepReport::reminded).sum()).isEqualTo(requests);
    assertThat(escalating.stream().mapToInt(SweepReport::escalated).sum()).isEqualTo(requests);
    for (AccessRequest r : created) {
      assertThat(
              h.notifier.sent(Notification.Kind.REMINDER).stream()
                  .filter(n -> n.request().id().equals(r.id())))
          .as("reminders of %s", r.id())
          .hasSize(1);
      assertThat(
              h.notifier.sent(Notification.Kind.ESCALATED).stream()
                  .filter(n -> n.request().id().equals(r.id())))
          .as("escalations of %s", r.id())
          .hasSize(1);
      AccessRequest stored = h.stored(r.id());
      assertThat(events(stored, AuditType.REMINDED)).hasSize(1);
      assertThat(events(stored, AuditType.ESCALATED)).hasSize(1);
      assertThat(stored.integrityProblem(ServiceHarness.AUDIT_KEY)).isEmpty();
    }
  }

  @Test
  void approvedAheadOfAScheduledStart_getsNoReminderNorEscalation() {
    AccessRequest r =
        h.service.request(
            ALICE,
            new RequestAccess(
                new EntitlementId("gcp-prod-storage-admin"),
                Optional.of(Duration.ofHours(1)),
                "CHG-12: the Saturday migration",
                false,
                Optional.of(h.clock.instant().plus(Duration.ofDays(2)))));
    AccessRequest approved = h.approve(CAROL, r);
    assertThat(approved.state()).isEqualTo(RequestState.APPROVED);

    SweepReport reminding = sweepAfter(Duration.ofHours(1));
    SweepReport escalating = sweepAfter(Duration.ofHours(3));

    assertThat(reminding.reminded() + escalating.escalated()).isZero();
    assertThat(h.notifier.sent(Notification.Kind.REMINDER)).isEmpty();
    assertThat(h.notifier.sent(Notification.Kind.ESCALATED)).isEmpty();
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.APPROVED);
  }

  private AccessRequest breakGlass(String entitlement) {
    return h.service.request(
        ALICE,
        new RequestAccess(
            new EntitlementId(entitlement),
            Optional.of(Duration.ofMinutes(30)),
            "INC-9: prod is down",
            true,
            Optional.empty()));
  }

  private List<Notification> reviewReminders(AccessRequest r) {
    return h.notifier.sent(Notification.Kind.REVIEW_REMINDER).stream()
        .filter(n -> n.request().id().equals(r.id()))
        .toList();
  }

  @Test
  void openReview_isRemindedDaily_afterTheAccessEnded_untilAnApproverClosesIt() {
    h.usePolicy(BREAK_GLASS_POLICY);
    AccessRequest r = breakGlass("gcp-prod-owner");

    // the access ends after 30 minutes; nothing is owed before a day has passed
    sweepAfter(Duration.ofHours(23));
    assertThat(h.stored(r.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(reviewReminders(r)).isEmpty();

    // a day after the activation: one reminder, to the approvers only, with nothing to click
    assertThat(sweepAfter(Duration.ofHours(1)).reminded()).isEqualTo(1);
    assertThat(reviewReminders(r)).hasSize(1);
    assertThat(reviewReminders(r).get(0).invites())
        .extracting(i -> i.approver().email())
        .containsExactlyInAnyOrder("carol@example.com", "dave@example.com");
    assertThat(reviewReminders(r).get(0).invites())
        .allSatisfy(i -> assertThat(i.token()).isEmpty());
    assertThat(sweepAfter(Duration.ofHours(1)).reminded()).isZero();

    // a day later, again
    sweepAfter(Duration.ofHours(23));
    assertThat(reviewReminders(r)).hasSize(2);

    // closed: never again
    h.service.review(
        CAROL, new ReviewCommand(r.id(), Review.Outcome.CONFIRMED, "the outage was real"));
    sweepAfter(Duration.ofDays(2));
    assertThat(reviewReminders(r)).hasSize(2);
    AccessRequest stored = h.stored(r.id());
    assertThat(events(stored, AuditType.REMINDED))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.details()).containsEntry("review", "open"));
    assertThat(stored.integrityProblem(ServiceHarness.AUDIT_KEY)).isEmpty();
  }

  @Test
  void openReview_followsTheEntitlementsRemindAfter() {
    h.usePolicy(BREAK_GLASS_POLICY);
    AccessRequest r = breakGlass("gcp-prod-editor");

    sweepAfter(Duration.ofHours(6));
    sweepAfter(Duration.ofHours(6));

    assertThat(reviewReminders(r)).hasSize(2);
  }

  @Test
  void openReview_whenFourSweepsRace_isRemindedOnce() throws Exception {
    h.usePolicy(BREAK_GLASS_POLICY);
    List<AccessRequest> open = List.of(breakGlass("gcp-prod-owner"), breakGlass("gcp-prod-editor"));
    List<AccessService> sweeps =
        List.of(h.restarted(), h.restarted(), h.restarted(), h.restarted());

    h.clock.advance(Duration.ofDays(1));
    List<SweepReport> reports = race(sweeps, h.clock.instant());

    assertThat(reports.stream().mapToInt(SweepReport::reminded).sum()).isEqualTo(2);
    for (AccessRequest r : open) {
      assertThat(reviewReminders(r)).as("review reminders of %s", r.id()).hasSize(1);
      assertThat(events(h.stored(r.id()), AuditType.REMINDED)).hasSize(1);
    }
  }

  /** Runs every sweep at once, released together by a barrier, and waits for all. */
  private static List<SweepReport> race(List<AccessService> sweeps, Instant now) throws Exception {
    CyclicBarrier start = new CyclicBarrier(sweeps.size());
    ExecutorService pool = Executors.newFixedThreadPool(sweeps.size());
    try {
      List<CompletableFuture<SweepReport>> running = new ArrayList<>();
      for (AccessService sweep : sweeps) {
        running.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return sweep.sweep(now);
                },
                pool));
      }
      List<SweepReport> reports = new ArrayList<>();
      for (CompletableFuture<SweepReport> r : running) {
        reports.add(r.get());
      }
      return reports;
    } finally {
      pool.shutdownNow();
    }
  }
}
