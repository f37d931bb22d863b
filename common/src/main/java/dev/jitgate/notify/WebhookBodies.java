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

  /** The characters {@link #teamsEscape} puts a backslash before. */
  private static final String TEAMS_MARKDOWN = "\\`*_{}[]()<>#!|~";

  /** Slack allows 2,000 characters in a section field and 3,000 in a section's text. */
  private static final int SLACK_FIELD_LIMIT = 1900;

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

  /** A Slack message: plain fallback text, then mrkdwn blocks with &amp;, &lt;, &gt; escaped. */
  static ObjectNode slack(Notification n) {
    String headline = headline(n);
    ObjectNode body = JSON.createObjectNode();
    body.put("text", slackEscape("jitgate: " + headline));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode title = blocks.addObject();
    title.put("type", "section");
    ObjectNode titleText = title.putObject("text");
    titleText.put("type", "mrkdwn");
    titleText.put("text", "*jitgate* | " + slackEscape(headline));
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ArrayNode fields = section.putArray("fields");
    for (Fact fact : facts(n)) {
      ObjectNode field = fields.addObject();
      field.put("type", "mrkdwn");
      field.put(
          "text",
          "*"
              + slackEscape(fact.label())
              + "*\n"
              + slackEscape(cut(fact.value(), SLACK_FIELD_LIMIT)));
    }
    return body;
  }

  /** A Teams message without a button. */
  static ObjectNode teams(Notification n) {
    return teams(n, Optional.empty());
  }

  /**
   * A Teams message holding one Adaptive Card: a bold headline over a fact set, and a button that
   * opens the request in jitgate when the base URL is known. Every text is escaped for the card's
   * Markdown, so a justification cannot render as a link or as formatting.
   */
  static ObjectNode teams(Notification n, Optional<String> baseUrl) {
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
    title.put("text", teamsEscape("jitgate: " + headline(n)));
    title.put("weight", "Bolder");
    title.put("size", "Medium");
    title.put("wrap", true);
    ObjectNode factSet = items.addObject();
    factSet.put("type", "FactSet");
    ArrayNode facts = factSet.putArray("facts");
    for (Fact fact : facts(n)) {
      ObjectNode f = facts.addObject();
      f.put("title", teamsEscape(fact.label()));
      f.put("value", teamsEscape(fact.value()));
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
   * The page a Teams button opens for a request. Today that is the request in the JSON API, the one
   * page every deployment serves (an approval link is personal and never goes to a channel); switch
   * it to the console's page for the request once the console is served.
   */
  static String requestUrl(String baseUrl, AccessRequest r) {
    return baseUrl + "/api/v1/requests/" + r.id().value();
  }

  /**
   * Text for an Adaptive Card's Markdown (a CommonMark subset): every character that could start a
   * link, an image, emphasis, code, HTML or a {@code {{DATE()}}} function gets a backslash, which
   * CommonMark defines as showing the character as it is. So {@code [Approve](https://evil)} shows
   * as typed, not as a link, and {@code **} or {@code _} do not format. Line breaks are kept.
   */
  static String teamsEscape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (TEAMS_MARKDOWN.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** What happened, in one sentence about the requester, for a shared channel. */
  static String headline(Notification n) {
    AccessRequest r = n.request();
    String who = r.requester().email();
    String ent = r.entitlement().value();
    return switch (n.kind()) {
      case NEW_REQUEST ->
          "New request: "
              + who
              + " asks for "
              + ent
              + " for "
              + Display.duration(r.duration())
              + ". Approvers decide from the links mailed to them.";
      case APPROVED -> "Approved: " + who + "'s request for " + ent + ".";
      case DENIED -> "Denied: " + who + "'s request for " + ent + ".";
      case ACTIVE -> "Active: " + who + " has " + ent + " until " + time(r.expiresAt()) + ".";
      case EXPIRED -> "Expired: " + who + "'s access to " + ent + " has ended.";
      case REVOKED -> "Revoked: " + who + "'s access to " + ent + " was ended early.";
      case FAILED -> "Failed: " + ent + " could not be granted to " + who + ".";
      case TIMED_OUT ->
          "Timed out: " + who + "'s request for " + ent + " was not approved in time.";
    };
  }

  /** The facts a channel sees: at most ten, as Slack allows in one section. */
  static List<Fact> facts(Notification n) {
    AccessRequest r = n.request();
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("Request", r.id().value()));
    facts.add(new Fact("Entitlement", r.entitlement().value()));
    facts.add(new Fact("Requester", r.requester().email()));
    facts.add(new Fact("Duration", Display.duration(r.duration())));
    facts.add(new Fact("State", r.state().name()));
    switch (n.kind()) {
      case NEW_REQUEST -> facts.add(new Fact("Decide by", Display.time(r.approvalDeadline())));
      case APPROVED ->
          facts.add(
              new Fact(
                  "Approved by",
                  String.join(
                      ", ", r.approvals().stream().map(a -> a.approver().email()).toList())));
      case DENIED -> {
        if (r.denial() != null) {
          facts.add(new Fact("Denied by", r.denial().by().email()));
          facts.add(new Fact("Reason", orDash(r.denial().reason())));
        }
      }
      case ACTIVE -> facts.add(new Fact("Expires", time(r.expiresAt())));
      case REVOKED -> {
        facts.add(new Fact("Revoked by", orDash(r.endedBy())));
        facts.add(new Fact("Reason", orDash(r.endReason())));
      }
      case FAILED -> facts.add(new Fact("Reason", orDash(r.endReason())));
      case EXPIRED, TIMED_OUT -> facts.add(new Fact("Ended", time(r.endedAt())));
    }
    facts.add(
        new Fact(
            "Justification", r.justification().isBlank() ? "(none given)" : r.justification()));
    return facts;
  }

  /** Slack's rule: only &amp;, &lt; and &gt; are escaped, which also defuses links and mentions. */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
