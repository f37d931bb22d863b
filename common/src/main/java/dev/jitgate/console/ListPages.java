package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.RequestState;
import dev.jitgate.http.Html;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.Spoken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** "My requests" and "To approve", and the buttons they share with the detail page. */
final class ListPages {
  /** Rows on "My requests", so the page stays under 50 KB; older ones are on the API. */
  static final int MINE_SHOWN = 30;

  /** Cards on "To approve", for the same reason; the rest show once these are decided. */
  static final int APPROVE_SHOWN = 15;

  /** Text in a list is cut here; the detail page shows all of it. */
  static final int LIST_TEXT = 120;

  private final Layout layout;

  ListPages(Layout layout) {
    this.layout = layout;
  }

  HttpResponse mine(Visitor visitor, List<AccessRequest> requests, Instant now) {
    StringBuilder body = new StringBuilder();
    if (requests.isEmpty()) {
      body.append("<p class=\"empty\">You have not asked for anything yet. <a href=\"")
          .append(escape(layout.href("")))
          .append("\">Request access</a>.</p>");
    } else {
      body.append("<table>\n<caption class=\"meta\">Your requests, newest first</caption>\n")
          .append("<thead><tr><th scope=\"col\">Request</th><th scope=\"col\">State</th>")
          .append("<th scope=\"col\">Time left</th><th scope=\"col\">Requested</th>")
          .append("<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n");
      for (AccessRequest r : requests.subList(0, Math.min(MINE_SHOWN, requests.size()))) {
        body.append("<tr><td><a href=\"")
            .append(escape(layout.href("requests/" + r.id().value())))
            .append("\">")
            .append(escape(r.entitlement().value()))
            .append("</a><br><span class=\"meta\">")
            .append(escape(clip(r.justification(), LIST_TEXT)))
            .append("</span></td><td>")
            .append(Show.state(r))
            .append("</td><td>")
            .append(escape(Show.timeLeft(r, now)))
            .append("</td><td>")
            .append(Show.time(r.createdAt()))
            .append("</td><td><div class=\"actions\">")
            .append(requesterActions(visitor, r))
            .append("</div></td></tr>\n");
      }
      body.append("</tbody>\n</table>");
      if (requests.size() > MINE_SHOWN) {
        body.append("<p class=\"meta\">Showing your ")
            .append(MINE_SHOWN)
            .append(" newest requests; GET /api/v1/requests lists more.</p>");
      }
    }
    return layout.page(
        200, "My requests", Optional.of(visitor), Layout.Section.MINE, body.toString());
  }

  /**
   * The requests the visitor may decide, each headed by the request summary's headline (who asks
   * for what, in the cloud's terms, for how long) with the access itself listed first.
   *
   * @param entitlementOf the entitlement of a request as the policy has it now (no store query)
   */
  HttpResponse toApprove(
      Visitor visitor,
      List<AccessRequest> requests,
      Function<AccessRequest, Optional<Entitlement>> entitlementOf,
      Instant now) {
    StringBuilder body = new StringBuilder();
    if (requests.isEmpty()) {
      body.append("<p class=\"empty\">Nothing waits for your decision.</p>");
    } else {
      body.append("<ul class=\"cards\">\n");
      for (AccessRequest r : requests.subList(0, Math.min(APPROVE_SHOWN, requests.size()))) {
        String heading = "r-" + r.id().value();
        RequestSummary summary =
            RequestSummary.of(r, entitlementOf.apply(r), Optional.empty(), now);
        body.append("<li class=\"card\"><h2 id=\"")
            .append(escape(heading))
            .append("\">")
            .append(r.attention().breakGlass() ? "BREAK-GLASS review: " : "")
            .append(extensionAsked(r) ? "Extension: " : "")
            .append(escape(summary.headline()))
            .append("</h2>\n")
            .append(extensionFacts(r))
            .append(access(summary))
            .append(summary(r, now, LIST_TEXT * 3))
            .append("<p><a href=\"")
            .append(escape(layout.href("requests/" + r.id().value())))
            .append("\">Details and audit trail</a></p>\n")
            .append(r.attention().reviewOpen() ? reviewForm(visitor, r) : decideForm(visitor, r))
            .append("</li>\n");
      }
      body.append("</ul>");
      if (requests.size() > APPROVE_SHOWN) {
        body.append("<p class=\"meta\">")
            .append(requests.size() - APPROVE_SHOWN)
            .append(" more wait behind these.</p>");
      }
    }
    return layout.page(
        200, "To approve", Optional.of(visitor), Layout.Section.APPROVE, body.toString());
  }

  /** What the approver grants, in the cloud's terms: role and scope, account, session policy. */
  private static String access(RequestSummary summary) {
    StringBuilder out = new StringBuilder("<dl>");
    for (RequestSummary.Line line : summary.accessLines()) {
      out.append("<dt>")
          .append(escape(line.label()))
          .append("</dt><dd>")
          .append(String.join("<br>", line.values().stream().map(Html::escape).toList()))
          .append("</dd>");
    }
    return out.append("</dl>\n").toString();
  }

  /** The facts an approver decides on. */
  static String summary(AccessRequest r, Instant now, int textLimit) {
    return "<dl>"
        + RequestPages.row(
            "Justification",
            r.justification().isEmpty() ? "(none given)" : clip(r.justification(), textLimit))
        + RequestPages.row("Duration", Show.duration(r.duration()))
        + "<dt>Requested</dt><dd>"
        + Show.time(r.createdAt())
        + "</dd><dt>Decide by</dt><dd>"
        + Show.time(r.approvalDeadline())
        + " ("
        + escape(Show.timeLeft(r, now))
        + ")</dd>"
        + RequestPages.row("Approvals", r.approvals().size() + " of " + r.approvalsRequired())
        + "</dl>\n";
  }

  static String clip(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit) + "…";
  }

  /** Whether {@code r} is ACTIVE with an extension that waits for approval. */
  static boolean extensionAsked(AccessRequest r) {
    return r.state() == RequestState.ACTIVE && r.extension() != null && !r.extension().approved();
  }

  /** What a pending extension asks: how much more, until when, and why; empty without one. */
  static String extensionFacts(AccessRequest r) {
    if (!extensionAsked(r)) {
      return "";
    }
    return "<p class=\"note\">Asks to extend the access by "
        + escape(Spoken.duration(r.extension().by()))
        + ", from "
        + escape(Spoken.time(r.window().end()))
        + " to "
        + escape(Spoken.time(r.window().end().plus(r.extension().by())))
        + ". Why: "
        + escape(r.extension().justification().isBlank() ? "-" : r.extension().justification())
        + "</p>\n";
  }

  /** Approve and deny, with a comment, for an approver who may still decide. */
  String decideForm(Visitor visitor, AccessRequest r) {
    String id = r.id().value();
    return "<form method=\"post\" action=\""
        + escape(layout.href("requests/" + id + "/decide"))
        + "\">"
        + layout.csrf(visitor)
        + "<label for=\"comment-"
        + escape(id)
        + "\">Comment (required to deny)</label>"
        + "<textarea id=\"comment-"
        + escape(id)
        + "\" name=\"comment\" maxlength=\"1024\"></textarea>"
        + "<button type=\"submit\" class=\"approve\" name=\"decision\" value=\"approve\">Approve"
        + "</button><button type=\"submit\" class=\"deny\" name=\"decision\" value=\"deny\">Deny"
        + "</button></form>\n";
  }

  /**
   * Issue 14: closes the review of a break-glass activation, as confirmed or flagged, with a
   * comment.
   */
  String reviewForm(Visitor visitor, AccessRequest r) {
    String id = r.id().value();
    return "<form method=\"post\" action=\""
        + escape(layout.href("requests/" + id + "/review"))
        + "\">"
        + layout.csrf(visitor)
        + "<label for=\"review-"
        + escape(id)
        + "\">Review comment (required)</label>"
        + "<textarea id=\"review-"
        + escape(id)
        + "\" name=\"comment\" maxlength=\"1024\" required></textarea>"
        + "<button type=\"submit\" class=\"approve\" name=\"outcome\" value=\"confirmed\">"
        + "Confirm</button><button type=\"submit\" class=\"deny\" name=\"outcome\""
        + " value=\"flagged\">Flag</button></form>\n";
  }

  /** Cancel, revoke and "get credentials", as the request's state allows. */
  String requesterActions(Visitor visitor, AccessRequest r) {
    boolean own = r.requester().equals(visitor.caller().email());
    StringBuilder out = new StringBuilder();
    if (own && r.state() == RequestState.PENDING) {
      out.append(button(visitor, r, "cancel", "Cancel", ""));
    }
    if (r.state() == RequestState.ACTIVE) {
      if (own && r.grant().kind().issuesCredentials()) {
        out.append(button(visitor, r, "credentials", "Get credentials", "primary"));
      }
      out.append(button(visitor, r, "revoke", "Revoke", "danger"));
      if (own && r.extension() == null) {
        out.append(extendForm(visitor, r));
      }
    }
    return out.toString();
  }

  /** Issue 14: ask for more time on ACTIVE access (the service checks the policy's limits). */
  private String extendForm(Visitor visitor, AccessRequest r) {
    return "<form method=\"post\" action=\""
        + escape(layout.href("requests/" + r.id().value() + "/extend"))
        + "\">"
        + layout.csrf(visitor)
        + "<label>More time <select name=\"duration\">"
        + "<option value=\"PT15M\">15 minutes</option>"
        + "<option value=\"PT30M\" selected>30 minutes</option>"
        + "<option value=\"PT1H\">1 hour</option>"
        + "<option value=\"PT2H\">2 hours</option></select></label>"
        + "<label>Why <input name=\"justification\" maxlength=\"1024\"></label>"
        + "<button type=\"submit\" aria-label=\""
        + escape("Extend " + r.entitlement().value() + " " + r.id().value())
        + "\">Extend</button></form>";
  }

  private String button(Visitor visitor, AccessRequest r, String action, String label, String css) {
    return "<form method=\"post\" action=\""
        + escape(layout.href("requests/" + r.id().value() + "/" + action))
        + "\">"
        + layout.csrf(visitor)
        + "<button type=\"submit\""
        + (css.isEmpty() ? "" : " class=\"" + css + "\"")
        + " aria-label=\""
        + escape(label + " " + r.entitlement().value() + " " + r.id().value())
        + "\">"
        + escape(label)
        + "</button></form>";
  }
}
