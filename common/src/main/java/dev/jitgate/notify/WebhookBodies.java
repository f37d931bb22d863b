package dev.jitgate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.http.ApiJson;
import dev.jitgate.notify.MailLayout.Fact;
import dev.jitgate.policy.Webhook;
import dev.jitgate.port.Notification;
import dev.jitgate.summary.ChatMarkdown;
import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.RequestSummary.Line;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bodies webhooks are sent: generic JSON shaped like the API's Request object, a Slack
 * incoming-webhook message, or a Teams Adaptive Card. None carries a token or an approval link.
 */
final class WebhookBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Slack allows 2,000 characters in a section field and 3,000 in a section's text. */
  private static final int SLACK_FIELD_LIMIT = 1900;

  private static final int SLACK_TEXT_LIMIT = 2900;

  private WebhookBodies() {}

  static String body(Webhook.Format format, Notification n) {
    return body(format, n, Optional.empty());
  }

  /**
   * @param baseUrl where jitgate is served; a Teams card then has a button to the request
   */
  static String body(Webhook.Format format, Notification n, Optional<String> baseUrl) {
    ObjectNode body =
        switch (format) {
          case JSON -> json(n);
          case SLACK -> slack(n);
          case TEAMS -> teams(n, baseUrl);
        };
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a webhook body could not be written as JSON", e);
    }
  }

  /** {@code {"event": kind, "request": Request}}, the Request object exactly as API.md gives it. */
  static ObjectNode json(Notification n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("event", n.kind().id());
    body.set("request", ApiJson.request(n.request()));
    return body;
  }

  /**
   * A Slack message: a plain fallback text, then mrkdwn blocks: the headline, the summary, and what
   * happened. Every value is escaped for mrkdwn ({@link ChatMarkdown#slackEscape}), and {@code
   * verbatim} keeps Slack from turning text into links or mentions.
   */
  static ObjectNode slack(Notification n) {
    RequestSummary summary = RequestSummary.of(n);
    String headline = headline(n, summary);
    ObjectNode body = JSON.createObjectNode();
    body.put("text", ChatMarkdown.slackEscape("jitgate: " + headline));
    ArrayNode blocks = body.putArray("blocks");
    section(blocks, "*jitgate* | " + ChatMarkdown.slackEscape(headline));
    StringBuilder lines = new StringBuilder();
    for (Line line : summary.lines()) {
      String text = ChatMarkdown.slackLine(line);
      if (lines.length() + text.length() + 1 > SLACK_TEXT_LIMIT) {
        lines.append("…");
        break;
      }
      lines.append(text).append('\n');
    }
    section(blocks, lines.toString().stripTrailing());
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ArrayNode fields = section.putArray("fields");
    // A request id is [A-Za-z0-9_-]: shown as code, exactly, with nothing to escape.
    ObjectNode id = fields.addObject();
    id.put("type", "mrkdwn");
    id.put("text", "*Request*\n`" + n.request().id().value() + "`");
    for (Fact fact : eventFacts(n)) {
      ObjectNode field = fields.addObject();
      field.put("type", "mrkdwn");
      field.put("verbatim", true);
      field.put(
          "text",
          "*"
              + ChatMarkdown.slackEscape(fact.label())
              + "*\n"
              + ChatMarkdown.slackEscape(cut(fact.value(), SLACK_FIELD_LIMIT)));
    }
    return body;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ObjectNode text = section.putObject("text");
    text.put("type", "mrkdwn");
    text.put("text", mrkdwn);
    text.put("verbatim", true);
  }

  /** A Teams message without a button. */
  static ObjectNode teams(Notification n) {
    return teams(n, Optional.empty());
  }

  /**
   * A Teams message holding one Adaptive Card: a bold headline over a fact set of what happened and
   * the summary, and a button that opens the request in jitgate's console when the base URL is
   * known. Every text is escaped for the card's Markdown ({@link ChatMarkdown#teamsEscape}), so a
   * justification cannot render as a link or as formatting.
   */
  static ObjectNode teams(Notification n, Optional<String> baseUrl) {
    RequestSummary summary = RequestSummary.of(n);
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode items = card.putArray("body");
    ObjectNode title = items.addObject();
    title.put("type", "TextBlock");
    title.put("text", ChatMarkdown.teamsEscape("jitgate: " + headline(n, summary)));
    title.put("weight", "Bolder");
    title.put("size", "Medium");
    title.put("wrap", true);
    ObjectNode factSet = items.addObject();
    factSet.put("type", "FactSet");
    ArrayNode facts = factSet.putArray("facts");
    List<Line> all = new ArrayList<>();
    all.add(Line.of("Request", n.request().id().value()));
    eventFacts(n).forEach(f -> all.add(Line.of(f.label(), f.value())));
    all.addAll(summary.lines());
    for (Line line : all) {
      ObjectNode f = facts.addObject();
      f.put("title", ChatMarkdown.teamsEscape(line.label()));
      f.put(
          "value",
          String.join("\n\n", line.values().stream().map(ChatMarkdown::teamsEscape).toList()));
    }
    baseUrl.ifPresent(
        base -> {
          ObjectNode open = card.putArray("actions").addObject();
          open.put("type", "Action.OpenUrl");
          open.put("title", "Open in jitgate");
          open.put("url", requestUrl(base, n.request()));
        });
    return body;
  }

  /**
   * The page a Teams button opens for a request: its page in the web console, where the reader
   * signs in and, as an approver, decides (an approval link is personal and never goes to a
   * channel).
   */
  static String requestUrl(String baseUrl, AccessRequest r) {
    return baseUrl + "/console/requests/" + r.id().value();
  }

  /** What happened, in one sentence about the requester, for a shared channel. */
  static String headline(Notification n) {
    return headline(n, RequestSummary.of(n));
  }

  private static String headline(Notification n, RequestSummary summary) {
    AccessRequest r = n.request();
    String who = r.requester().email();
    String access = summary.access();
    return switch (n.kind()) {
      case NEW_REQUEST ->
          "New request: "
              + summary.headline()
              + ". Approvers decide from the links mailed to them.";
      case APPROVED -> "Approved: " + who + "'s request for " + access + ".";
      case DENIED -> "Denied: " + who + "'s request for " + access + ".";
      case ACTIVE -> "Active: " + who + " has " + access + " until " + time(r.expiresAt()) + ".";
      case EXPIRED -> "Expired: " + who + "'s access to " + access + " has ended.";
      case REVOKED -> "Revoked: " + who + "'s access to " + access + " was ended early.";
      case FAILED -> "Failed: " + access + " could not be granted to " + who + ".";
      case TIMED_OUT ->
          "Timed out: " + who + "'s request for " + access + " was not approved in time.";
      case REMINDER -> "Reminder: " + summary.headline() + ". It still waits for its approvers.";
      case REVIEW_REMINDER ->
          "Reminder: the break-glass review of "
              + who
              + "'s access to "
              + access
              + " is still open. Its approvers close it in the console.";
      case EXTENSION_REQUESTED ->
          "Extension asked: "
              + ExtensionTexts.asked(r, access)
              + ". Approvers decide in the console.";
      case EXTENDED ->
          "Extended: "
              + who
              + "'s access to "
              + access
              + " now lasts until "
              + time(r.window().end())
              + ".";
      case EXTENSION_REFUSED ->
          "Extension refused: "
              + who
              + "'s access to "
              + access
              + ": "
              + ExtensionTexts.reason(r)
              + ".";
      case ESCALATED ->
          "Escalated: " + summary.headline() + ". More approvers have been asked to decide.";
      case BREAK_GLASS ->
          summary.headline()
              + ". Active until "
              + time(r.expiresAt())
              + "; its approvers must review it.";
      case REVIEWED ->
          "Reviewed: "
              + who
              + "'s break-glass access to "
              + access
              + " was "
              + r.attention().review().outcome().id()
              + " by "
              + r.attention().review().by().email()
              + ".";
    };
  }

  /** What happened beyond the summary: who denied or revoked it, why, and when it ended. */
  static List<Fact> eventFacts(Notification n) {
    AccessRequest r = n.request();
    List<Fact> facts = new ArrayList<>();
    switch (n.kind()) {
      case DENIED -> {
        if (r.denial() != null) {
          facts.add(new Fact("Denied by", r.denial().by().email()));
          facts.add(new Fact("Reason", orDash(r.denial().reason())));
        }
      }
      case REVOKED -> {
        facts.add(new Fact("Revoked by", orDash(r.endedBy())));
        facts.add(new Fact("Reason", orDash(r.endReason())));
      }
      case FAILED -> facts.add(new Fact("Reason", orDash(r.endReason())));
      case EXPIRED, TIMED_OUT -> facts.add(new Fact("Ended", time(r.endedAt())));
      case REVIEWED -> {
        facts.add(new Fact("Reviewed by", r.attention().review().by().email()));
        facts.add(new Fact("Outcome", r.attention().review().outcome().id()));
        facts.add(new Fact("Comment", orDash(r.attention().review().comment())));
      }
      default -> {}
    }
    return facts;
  }

  private static String cut(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }

  private static String time(Instant t) {
    return t == null ? "-" : Display.time(t);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }
}
