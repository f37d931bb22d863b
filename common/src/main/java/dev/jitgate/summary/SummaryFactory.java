package dev.jitgate.summary;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.summary.RequestSummary.ApprovalLine;
import dev.jitgate.summary.RequestSummary.Line;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link RequestSummary} from a request, its entitlement, its history and the time. */
final class SummaryFactory {
  private SummaryFactory() {}

  static RequestSummary summarize(
      AccessRequest r,
      Optional<Entitlement> entitlement,
      Optional<RequesterHistory> history,
      Instant now) {
    String description = entitlement.map(Entitlement::description).orElse("").strip();
    AccessLines.Access access = AccessLines.of(r.grant(), description);
    String headline =
        r.attention().breakGlass()
            ? "BREAK-GLASS: "
                + r.requester().email()
                + " took "
                + access.what()
                + " for "
                + Spoken.duration(r.duration())
                + " without approval"
            : r.requester().email()
                + " asks for "
                + access.what()
                + " for "
                + Spoken.duration(r.duration());
    return new RequestSummary(
        headline,
        r.requester().email(),
        r.entitlement().value(),
        description,
        access.what(),
        access.lines(),
        r.justification().isBlank() ? "(none given)" : r.justification(),
        times(r, now),
        r.approvals().stream().map(a -> approval(a, now)).toList(),
        approvalsLine(r),
        history.map(h -> context(h, r.entitlement().value(), now)).orElse(List.of()),
        state(r.state()));
  }

  private static List<Line> times(AccessRequest r, Instant now) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of("Duration", Spoken.duration(r.duration())));
    if (r.window() != null
        && r.state() == RequestState.APPROVED
        && r.window().start().isAfter(now)) {
      // Approved ahead of a scheduled start (issue 14): nothing is granted until then.
      lines.add(
          Line.of(
              "Starts",
              "scheduled for "
                  + Spoken.timeFrom(r.window().start(), now)
                  + "; the access begins then"));
      lines.add(Line.of("Ends", Spoken.timeFrom(r.window().end(), now)));
    } else if (r.window() != null) {
      lines.add(Line.of("Starts", Spoken.timeFrom(r.window().start(), now)));
      lines.add(Line.of("Ends", Spoken.timeFrom(r.window().end(), now)));
    } else if (r.state() == RequestState.PENDING && r.startAt() != null) {
      // A window asked for ahead (issue 14): said plainly, since approving now grants nothing yet.
      lines.add(
          Line.of(
              "Starts",
              "scheduled for "
                  + Spoken.timeFrom(r.startAt(), now)
                  + ", not at approval; the access begins then"));
      lines.add(Line.of("Ends", Spoken.duration(r.duration()) + " after that start"));
    } else if (r.state() == RequestState.PENDING) {
      lines.add(Line.of("Starts", "when approved"));
      lines.add(Line.of("Ends", Spoken.duration(r.duration()) + " after approval"));
    }
    lines.add(Line.of("Requested", Spoken.timeFrom(r.createdAt(), now)));
    if (r.state() == RequestState.PENDING) {
      lines.add(Line.of("Decide by", Spoken.timeFrom(r.approvalDeadline(), now)));
    }
    return lines;
  }

  private static ApprovalLine approval(Approval a, Instant now) {
    return new ApprovalLine(a.approver().email(), Spoken.timeFrom(a.at(), now), a.comment());
  }

  private static String approvalsLine(AccessRequest r) {
    if (r.attention().breakGlass()) {
      return r.attention().reviewOpen()
          ? "none: break-glass; its review is open"
          : "none: break-glass; reviewed "
              + r.attention().review().outcome().id()
              + " by "
              + r.attention().review().by().email();
    }
    if (r.approvalsRequired() == 0) {
      return "none needed: the policy approves it";
    }
    return r.approvals().size() + " of " + r.approvalsRequired() + " so far";
  }

  private static List<String> context(RequesterHistory h, String entitlement, Instant now) {
    String days = RequesterHistory.LOOKBACK.toDays() + " days";
    String latest = "their latest " + RequesterHistory.PAGE + " requests";
    String granted;
    if (h.partial()) {
      granted =
          "Granted "
              + entitlement
              + " at least "
              + Spoken.count(h.granted(), "time")
              + " in the last "
              + days
              + " (counted in "
              + latest
              + ")";
    } else if (h.granted() == 0) {
      granted = "Not granted " + entitlement + " in the last " + days;
    } else {
      granted =
          "Granted "
              + entitlement
              + " "
              + Spoken.count(h.granted(), "time")
              + " in the last "
              + days;
    }
    String holds =
        h.heldUntil()
            .map(t -> "Holds it now, until " + Spoken.timeFrom(t, now))
            .orElse(
                h.partial()
                    ? "Does not hold it now, as far as " + latest + " show"
                    : "Does not hold it now");
    return List.of(granted, holds);
  }

  private static String state(RequestState state) {
    return switch (state) {
      case PENDING -> "waiting for approval";
      case APPROVED -> "approved, being granted";
      case ACTIVE -> "active";
      case DENIED -> "denied";
      case CANCELLED -> "cancelled by the requester";
      case TIMED_OUT -> "not approved in time";
      case EXPIRED -> "ended: its window is over";
      case REVOKED -> "revoked before its window ended";
      case FAILED -> "failed: the access could not be granted";
    };
  }
}
