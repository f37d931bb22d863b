package dev.jitgate.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.RequestState;
import dev.jitgate.notify.Display;
import dev.jitgate.notify.ExtensionTexts;
import dev.jitgate.port.Notification;
import dev.jitgate.summary.ChatMarkdown;
import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.RequestSummary.Line;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Slack messages, built with the SDK's Block Kit model: the channel message of a request (its
 * summary, its state, and Approve and Deny buttons while it waits), the replies threaded under it,
 * and the modal that asks for a deny reason. User text is escaped for mrkdwn.
 */
final class SlackMessages {
  static final String APPROVE = "jitgate_approve";
  static final String DENY = "jitgate_deny";
  static final String DENY_MODAL = "jitgate_deny_reason";
  static final String REASON_BLOCK = "reason";
  static final String REASON_INPUT = "reason";

  /** Slack allows 3,000 characters in a section's text. */
  private static final int SECTION_LIMIT = 2900;

  /** The longest reason the service accepts (API.md: 1,024 characters). */
  private static final int REASON_LIMIT = 1024;

  private SlackMessages() {}

  /**
   * The request in a few lines of mrkdwn, from the one summary every page, mail and chat message
   * shows: who asks for what for how long, the access in the cloud's terms, why, when, and the
   * requester's history.
   */
  static String summary(RequestSummary s, AccessRequest r) {
    StringBuilder text = new StringBuilder("*").append(escape(s.headline())).append('*');
    List<Line> lines = new ArrayList<>(s.accessLines());
    lines.add(Line.of("Justification", s.justification()));
    lines.addAll(s.timeLines());
    if (!s.context().isEmpty()) {
      lines.add(new Line("History", s.context()));
    }
    for (Line line : lines) {
      text.append('\n').append(ChatMarkdown.slackLine(line));
    }
    // An id is [A-Za-z0-9_-]: shown as code, exactly, so that it can be copied.
    text.append("\n*Request:* `").append(r.id().value()).append('`');
    return cut(text.toString());
  }

  /** The channel message: the summary, the state, and the buttons only while PENDING. */
  static List<LayoutBlock> message(RequestSummary s, AccessRequest r) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(b -> b.text(markdownText(summary(s, r)))));
    blocks.add(context(c -> c.elements(List.of(markdownText(status(r))))));
    if (r.state() == RequestState.PENDING) {
      String id = r.id().value();
      blocks.add(
          actions(
              a ->
                  a.blockId("jitgate_decide")
                      .elements(
                          List.of(
                              button(
                                  b ->
                                      b.actionId(APPROVE)
                                          .text(plainText("Approve"))
                                          .style("primary")
                                          .value(id)),
                              button(
                                  b ->
                                      b.actionId(DENY)
                                          .text(plainText("Deny"))
                                          .style("danger")
                                          .value(id))))));
    }
    return blocks;
  }

  /** The notification text of the channel message, for clients that show no blocks. */
  static String fallback(AccessRequest r) {
    return "jitgate: "
        + escape(r.requester().email())
        + " asks for "
        + escape(r.entitlement().value())
        + " ("
        + r.state()
        + ")";
  }

  /** Where the request stands: its state, who decided, and what comes next. */
  static String status(AccessRequest r) {
    String approvals = approvals(r.approvals());
    return switch (r.state()) {
      case PENDING ->
          "*PENDING*: "
              + r.approvals().size()
              + " of "
              + r.approvalsRequired()
              + " approvals"
              + (approvals.isEmpty() ? "" : " (" + approvals + ")")
              + ", decide by "
              + Display.time(r.approvalDeadline());
      case APPROVED -> "*APPROVED* by " + approvedBy(r) + ", access is being granted";
      case ACTIVE -> "*ACTIVE* until " + time(r.expiresAt()) + ", approved by " + approvedBy(r);
      case DENIED ->
          r.denial() == null
              ? "*DENIED*"
              : "*DENIED* by "
                  + escape(r.denial().by().email())
                  + ": "
                  + escape(Display.oneLine(r.denial().reason(), 300));
      case EXPIRED -> "*EXPIRED* at " + time(r.endedAt()) + ", approved by " + approvedBy(r);
      case REVOKED -> "*REVOKED* by " + escape(orDash(r.endedBy())) + " at " + time(r.endedAt());
      case CANCELLED -> "*CANCELLED* by the requester";
      case TIMED_OUT -> "*TIMED OUT*: not approved by " + Display.time(r.approvalDeadline());
      case FAILED -> "*FAILED*: " + escape(Display.oneLine(orDash(r.endReason()), 300));
    };
  }

  /** The reply threaded under the channel message for a later event. */
  static String reply(Notification n) {
    AccessRequest r = n.request();
    String ent = escape(r.entitlement().value());
    String who = escape(r.requester().email());
    return switch (n.kind()) {
      case NEW_REQUEST -> who + " asks for " + ent + ".";
      case APPROVED -> "Approved by " + approvedBy(r) + ". Granting " + ent + " now.";
      case DENIED -> status(r).replace("*", "") + ".";
      case ACTIVE -> who + " has " + ent + " until " + time(r.expiresAt()) + ".";
      case EXPIRED -> who + "'s access to " + ent + " has expired.";
      case REVOKED ->
          who
              + "'s access to "
              + ent
              + " was revoked by "
              + escape(orDash(r.endedBy()))
              + ": "
              + escape(Display.oneLine(orDash(r.endReason()), 300));
      case FAILED ->
          ent
              + " could not be granted to "
              + who
              + ": "
              + escape(Display.oneLine(orDash(r.endReason()), 300));
      case TIMED_OUT -> "Timed out: nobody approved in time.";
      case REMINDER ->
          "Reminder: this still waits for approval, until " + time(r.approvalDeadline()) + ".";
      case ESCALATED -> "Escalated: more approvers have been asked to decide.";
      case REVIEW_REMINDER ->
          "Reminder: this *BREAK-GLASS* review is still open; approvers close it as confirmed or"
              + " flagged in jitgate's console.";
      case EXTENSION_REQUESTED ->
          escape(ExtensionTexts.asked(r, r.entitlement().value()))
              + ". Approvers decide in jitgate's console.";
      case EXTENDED ->
          who + "'s access to " + ent + " was extended until " + time(r.window().end()) + ".";
      case EXTENSION_REFUSED ->
          "The extension of "
              + who
              + "'s access to "
              + ent
              + " was refused: "
              + escape(ExtensionTexts.reason(r))
              + ".";
      case BREAK_GLASS ->
          "*BREAK-GLASS*: "
              + who
              + " took "
              + ent
              + " at once, without approval, until "
              + time(r.expiresAt())
              + ". Approvers must review it.";
      case REVIEWED ->
          "Break-glass review closed by "
              + escape(r.attention().review().by().email())
              + ": *"
              + escape(r.attention().review().outcome().id())
              + "*: "
              + escape(Display.oneLine(orDash(r.attention().review().comment()), 300));
    };
  }

  /** The modal that asks a denier for the reason; it carries where the click came from. */
  static View denyModal(String privateMetadata, AccessRequest r) {
    return view(
        v ->
            v.type("modal")
                .callbackId(DENY_MODAL)
                .privateMetadata(privateMetadata)
                .title(viewTitle(t -> t.type("plain_text").text("Deny the request")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Deny")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    List.of(
                        section(
                            s ->
                                s.text(
                                    markdownText(
                                        "Deny *"
                                            + escape(r.requester().email())
                                            + "*'s request for *"
                                            + escape(r.entitlement().value())
                                            + "*? The requester sees your reason."))),
                        input(
                            i ->
                                i.blockId(REASON_BLOCK)
                                    .label(plainText("Reason"))
                                    .element(
                                        plainTextInput(
                                            p ->
                                                p.actionId(REASON_INPUT)
                                                    .multiline(true)
                                                    .maxLength(REASON_LIMIT)))))));
  }

  /**
   * Text for mrkdwn that must stay exact, such as ids and the service's messages: only {@code &},
   * {@code <} and {@code >} are escaped, as Slack documents, which defuses links and mentions. The
   * summary's free text goes through {@link ChatMarkdown#slackEscape}, which also neutralises
   * formatting marks.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String approvals(List<Approval> approvals) {
    return approvals.stream()
        .map(a -> escape(a.approver().email()))
        .collect(Collectors.joining(", "));
  }

  private static String approvedBy(AccessRequest r) {
    return r.approvals().isEmpty() ? "the policy (no approval needed)" : approvals(r.approvals());
  }

  private static String cut(String text) {
    return text.length() <= SECTION_LIMIT ? text : text.substring(0, SECTION_LIMIT - 1) + "…";
  }

  private static String time(Instant t) {
    return t == null ? "-" : Display.time(t);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }
}
