package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.RequestState;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.port.SessionCredentials;
import dev.jitgate.service.AccessService;
import dev.jitgate.summary.Spoken;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request: its detail with the audit timeline and the chain's verification, the credentials
 * page, and the 409 page when someone else has already decided.
 */
final class DetailPages {
  /** What a finished action says on the page it lands on; fixed texts, never the query's. */
  static final Map<String, String> DONE =
      Map.of(
          "submitted", "Your request was submitted.",
          "approve", "You approved this request.",
          "deny", "You denied this request.",
          "cancel", "You cancelled this request.",
          "revoke", "You revoked this access.",
          "review", "You closed this break-glass review.",
          "extend", "You asked to extend this access.");

  private final Layout layout;
  private final ListPages lists;

  DetailPages(Layout layout, ListPages lists) {
    this.layout = layout;
    this.lists = lists;
  }

  HttpResponse detail(
      Visitor visitor, AccessService.Detail detail, Optional<String> done, Instant now) {
    AccessRequest r = detail.request();
    StringBuilder body = new StringBuilder();
    done.map(DONE::get)
        .ifPresent(
            text ->
                body.append("<p class=\"ok\" role=\"status\">")
                    .append(escape(text))
                    .append("</p>\n"));
    body.append("<p>")
        .append(Show.state(r))
        .append(' ')
        .append(escape(Show.timeLeft(r, now)))
        .append("</p>\n")
        .append("<section class=\"card\" aria-labelledby=\"facts\"><h2 id=\"facts\">Request</h2>")
        .append(facts(r))
        .append("<div class=\"actions\">")
        .append(lists.requesterActions(visitor, r))
        .append("</div>");
    if (r.decidableBy(visitor.caller().email())
        && !r.requester().equals(visitor.caller().email())) {
      body.append(lists.decideForm(visitor, r));
    }
    if (ListPages.extensionAsked(r) && !r.requester().equals(visitor.caller().email())) {
      body.append(ListPages.extensionFacts(r)).append(lists.decideForm(visitor, r));
    }
    if (r.attention().reviewOpen() && !r.requester().equals(visitor.caller().email())) {
      body.append(lists.reviewForm(visitor, r));
    }
    body.append(
            "</section>\n<section class=\"card\" aria-labelledby=\"audit\"><h2 id=\"audit\">Audit trail</h2>\n")
        .append(
            detail.chainValid()
                ? "<p class=\"ok\">The audit chain verifies: every event is linked to the one"
                    + " before it and sealed with this deployment's audit key.</p>\n"
                : "<p class=\"alert\" role=\"alert\">The audit chain does NOT verify: an event was"
                    + " changed, removed or not sealed by this deployment. Tell your security"
                    + " team.</p>\n")
        .append("<ol class=\"timeline\">\n");
    for (AuditEvent e : r.events()) {
      body.append("<li><strong>")
          .append(escape(e.type().name().toLowerCase(Locale.ROOT)))
          .append("</strong> by ")
          .append(escape(e.actor()))
          .append(", ")
          .append(Show.time(e.at()));
      if (!e.details().isEmpty()) {
        body.append("<br><span class=\"meta\">");
        body.append(
            String.join(
                " · ",
                e.details().entrySet().stream()
                    .map(d -> escape(d.getKey()) + ": " + escape(d.getValue()))
                    .toList()));
        body.append("</span>");
      }
      body.append("</li>\n");
    }
    body.append("</ol>\n</section>");
    return layout.page(
        200,
        "Request " + r.id().value(),
        Optional.of(visitor),
        Layout.Section.NONE,
        body.toString());
  }

  private static String facts(AccessRequest r) {
    StringBuilder dl =
        new StringBuilder("<dl>")
            .append(RequestPages.row("Entitlement", r.entitlement().value()))
            .append(RequestPages.row("Cloud", r.cloud().id() + " · " + r.grant().kind().id()))
            .append(RequestPages.row("Requester", r.requester().email()))
            .append(
                RequestPages.row(
                    "Justification",
                    r.justification().isEmpty() ? "(none given)" : r.justification()))
            .append(RequestPages.row("Duration", Show.duration(r.duration())))
            .append(
                r.startAt() != null && r.window() == null
                    ? RequestPages.row(
                        "Starts", "scheduled for " + Spoken.time(r.startAt()) + ", not at approval")
                    : "")
            .append("<dt>Requested</dt><dd>")
            .append(Show.time(r.createdAt()))
            .append("</dd>")
            .append(
                r.state() == RequestState.PENDING
                    ? "<dt>Decide by</dt><dd>" + Show.time(r.approvalDeadline()) + "</dd>"
                    : "")
            .append(
                RequestPages.row(
                    "Approvals", r.approvals().size() + " of " + r.approvalsRequired()));
    for (Approval a : r.approvals()) {
      dl.append("<dt>Approved by</dt><dd>")
          .append(escape(a.approver().email()))
          .append(", ")
          .append(Show.time(a.at()))
          .append(a.comment().isEmpty() ? "" : ": " + escape(a.comment()))
          .append("</dd>");
    }
    if (r.denial() != null) {
      dl.append("<dt>Denied by</dt><dd>")
          .append(escape(r.denial().by().email()))
          .append(", ")
          .append(Show.time(r.denial().at()))
          .append(": ")
          .append(escape(r.denial().reason()))
          .append("</dd>");
    }
    if (r.window() != null) {
      dl.append("<dt>Access</dt><dd>")
          .append(Show.time(r.window().start()))
          .append(" to ")
          .append(Show.time(r.window().end()))
          .append("</dd>");
    }
    if (r.endedAt() != null) {
      dl.append("<dt>Ended</dt><dd>")
          .append(Show.time(r.endedAt()))
          .append(r.endedBy() == null ? "" : " by " + escape(r.endedBy()))
          .append(
              r.endReason() == null || r.endReason().isEmpty() ? "" : ": " + escape(r.endReason()))
          .append("</dd>");
    }
    return dl.append("</dl>\n").toString();
  }

  /** Someone else decided first, or the request left PENDING: who decided, and what it is now. */
  HttpResponse alreadyDecided(Visitor visitor, String problem, Optional<AccessRequest> now) {
    StringBuilder body =
        new StringBuilder("<p class=\"alert\" role=\"alert\">")
            .append(escape(problem))
            .append(". Nothing was changed.</p>\n");
    now.ifPresent(
        r -> {
          for (Approval a : r.approvals()) {
            body.append("<p>")
                .append(escape(a.approver().email()))
                .append(" approved it at ")
                .append(Show.time(a.at()))
                .append(".</p>\n");
          }
          if (r.denial() != null) {
            body.append("<p>")
                .append(escape(r.denial().by().email()))
                .append(" denied it at ")
                .append(Show.time(r.denial().at()))
                .append(": ")
                .append(escape(r.denial().reason()))
                .append("</p>\n");
          }
          body.append("<p>It is now ")
              .append(Show.state(r))
              .append(". <a href=\"")
              .append(escape(layout.href("requests/" + r.id().value())))
              .append("\">See the request</a>.</p>");
        });
    return layout.page(
        409, "Already decided", Optional.of(visitor), Layout.Section.NONE, body.toString());
  }

  HttpResponse credentials(Visitor visitor, AccessRequest r, SessionCredentials credentials) {
    StringBuilder body =
        new StringBuilder("<p class=\"note\" role=\"status\">Shown once: jitgate does not keep")
            .append(" them. They stop working at ")
            .append(Show.time(credentials.expiration()))
            .append(". Copy them now; leaving this page forgets them.</p>\n")
            .append("<section class=\"card\" aria-labelledby=\"values\"><h2 id=\"values\">")
            .append(escape(r.entitlement().value()))
            .append("</h2>\n");
    String snippet;
    if (credentials instanceof SessionCredentials.AwsKeys aws) {
      body.append(secret("Access key id", "access-key-id", aws.accessKeyId()))
          .append(secret("Secret access key", "secret-access-key", aws.secretAccessKey()))
          .append(secret("Session token", "session-token", aws.sessionToken()));
      snippet =
          "export AWS_ACCESS_KEY_ID="
              + shell(aws.accessKeyId())
              + "\nexport AWS_SECRET_ACCESS_KEY="
              + shell(aws.secretAccessKey())
              + "\nexport AWS_SESSION_TOKEN="
              + shell(aws.sessionToken());
    } else {
      SessionCredentials.BearerToken token = (SessionCredentials.BearerToken) credentials;
      body.append(secret("Access token", "access-token", token.accessToken()));
      snippet = "export CLOUDSDK_AUTH_ACCESS_TOKEN=" + shell(token.accessToken());
    }
    body.append("<h3 id=\"shell-label\">For a shell</h3>\n<pre id=\"snippet\">")
        .append(escape(snippet))
        .append(
            "</pre><button type=\"button\" data-copy=\"snippet\" hidden>Copy</button>\n</section>\n")
        .append("<p><a href=\"")
        .append(escape(layout.href("requests")))
        .append("\">Back to my requests</a></p>");
    return layout.page(
        200,
        "Credentials for " + r.id().value(),
        Optional.of(visitor),
        Layout.Section.MINE,
        body.toString());
  }

  private static String secret(String label, String id, String value) {
    return "<div class=\"secret\"><span id=\""
        + id
        + "-label\">"
        + escape(label)
        + "</span><code id=\""
        + id
        + "\">"
        + escape(value)
        + "</code><button type=\"button\" data-copy=\""
        + id
        + "\" hidden>Copy</button></div>\n";
  }

  /** A value in single quotes for a POSIX shell; a quote inside becomes {@code '\''}. */
  static String shell(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
