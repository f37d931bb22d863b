package dev.jitgate.summary;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.port.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as the people who read about it see it: who asks for what, in the cloud's own terms,
 * for how long, why, when, who approved it so far, and what the requester had before. Every page,
 * mail and chat message renders this one summary; it holds plain text only, and each renderer
 * escapes it for its own medium ({@link SummaryText}, {@link ChatMarkdown}, {@code
 * http.SummaryHtml}).
 *
 * @param headline who asks for what for how long: "alice@example.com asks for Storage admin on
 *     projects/acme-prod for 1 hour"
 * @param access what is granted, short: "Storage admin on projects/acme-prod"
 * @param accessLines what is granted in the cloud's terms: role, resource, account, session policy
 * @param timeLines duration, start, end, when it was asked and by when to decide
 * @param approvals the approvals so far, oldest first
 * @param approvalsLine how many of how many: "1 of 2 so far"
 * @param context the requester's history of this entitlement; empty when it was not looked up
 * @param state where the request is, in words: "waiting for approval"
 */
public record RequestSummary(
    String headline,
    String requester,
    String entitlement,
    String description,
    String access,
    List<Line> accessLines,
    String justification,
    List<Line> timeLines,
    List<ApprovalLine> approvals,
    String approvalsLine,
    List<String> context,
    String state) {

  /** A label and its values; most lines have one value, a session policy has several. */
  public record Line(String label, List<String> values) {
    public Line {
      Objects.requireNonNull(label, "label");
      values = List.copyOf(values);
    }

    public static Line of(String label, String value) {
      return new Line(label, List.of(value));
    }

    /** The values one per line. */
    public String text() {
      return String.join("\n", values);
    }
  }

  /** One approval: who, when (in words) and their comment, which may be empty. */
  public record ApprovalLine(String approver, String when, String comment) {
    public ApprovalLine {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(when, "when");
      comment = comment == null ? "" : comment;
    }

    /** "carol@example.com, 2026-03-02 09:01 UTC (3 minutes ago): looks right". */
    public String text() {
      return approver + ", " + when + (comment.isBlank() ? "" : ": " + comment);
    }
  }

  public RequestSummary {
    Objects.requireNonNull(headline, "headline");
    accessLines = List.copyOf(accessLines);
    timeLines = List.copyOf(timeLines);
    approvals = List.copyOf(approvals);
    context = List.copyOf(context);
  }

  /**
   * The summary of {@code request}.
   *
   * @param entitlement the entitlement as the policy has it now; its description names the access
   * @param history the requester's history of it, for approvers; empty to leave it out
   * @param now the clock's now, for hints such as "in 4 hours"
   */
  public static RequestSummary of(
      AccessRequest request,
      Optional<Entitlement> entitlement,
      Optional<RequesterHistory> history,
      Instant now) {
    return SummaryFactory.summarize(request, entitlement, history, now);
  }

  /** The summary of the request a notification is about, as of the notification's time. */
  public static RequestSummary of(Notification notification) {
    return of(
        notification.request(),
        notification.entitlement(),
        notification.history(),
        notification.at());
  }

  /**
   * Every line in reading order, for renderers that show one list: requester, entitlement, the
   * access lines, justification, the time lines, approvals, context and state.
   */
  public List<Line> lines() {
    List<Line> all = new ArrayList<>();
    all.add(Line.of("Requester", requester));
    all.add(
        Line.of(
            "Entitlement", description.isBlank() ? entitlement : entitlement + ": " + description));
    all.addAll(accessLines);
    all.add(Line.of("Justification", justification));
    all.addAll(timeLines);
    List<String> approved = new ArrayList<>();
    approved.add(approvalsLine);
    approvals.forEach(a -> approved.add(a.text()));
    all.add(new Line("Approvals", approved));
    if (!context.isEmpty()) {
      all.add(new Line("History", context));
    }
    all.add(Line.of("State", state));
    return List.copyOf(all);
  }
}
