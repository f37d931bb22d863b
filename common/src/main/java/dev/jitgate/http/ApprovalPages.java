package dev.jitgate.http;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.DomainException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.Spoken;
import dev.jitgate.token.ApprovalClaims;
import dev.jitgate.token.ApprovalTokens;
import dev.jitgate.token.InvalidTokenException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The pages behind emailed approval links. GET shows the request and changes nothing, since mail
 * scanners fetch links; POST (the page's own form) records the approver's decision, once. A bad or
 * expired token gets a 403 page that says nothing about any request.
 */
final class ApprovalPages {
  private final AccessService service;
  private final ApprovalTokens tokens;
  private final Authenticator authenticator;

  ApprovalPages(AccessService service, ApprovalTokens tokens, Authenticator authenticator) {
    this.service = service;
    this.tokens = tokens;
    this.authenticator = authenticator;
  }

  HttpResponse handle(HttpRequest request, String token) {
    boolean get = request.method().equals("GET");
    if (!get && !request.method().equals("POST")) {
      return page(405, "Not allowed", "<p>Open the link in a browser.</p>")
          .withHeader("Allow", "GET, POST");
    }
    if (request.body().length > Router.MAX_BODY_BYTES) {
      return page(413, "Too large", "<p>The form is larger than 64 KiB.</p>");
    }
    if (request.hasMalformedText()) {
      return page(400, "Check the link", "<p>The request holds text that is not valid UTF-8.</p>");
    }
    ApprovalClaims claims;
    try {
      claims = tokens.verify(token);
    } catch (InvalidTokenException e) {
      return page(
          403,
          "Link not valid",
          "<p>This approval link is not valid. It may have expired. Ask the requester to check"
              + " the request in jitgate.</p>");
    }
    Optional<Caller> signedIn = signedIn(request);
    try {
      return get ? show(claims, signedIn) : decide(claims, signedIn, request);
    } catch (DomainException e) {
      return refused(e, claims, signedIn);
    }
  }

  private HttpResponse show(ApprovalClaims claims, Optional<Caller> signedIn) {
    AccessRequest r = service.viewByLink(claims, signedIn);
    RequestSummary summary = summarize(r);
    String body =
        details(r, summary) + (r.decidableBy(claims.approver()) ? form(r) : recorded(r, claims));
    return page(200, summary.headline(), body + consoleLink(r));
  }

  private HttpResponse decide(
      ApprovalClaims claims, Optional<Caller> signedIn, HttpRequest request) {
    String type = request.first("content-type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return page(415, "Use the form", "<p>Decide with the buttons on the approval page.</p>");
    }
    Optional<String> crossSite = CrossSite.refusal(request);
    if (crossSite.isPresent()) {
      return page(
          403,
          "Not allowed",
          "<p>This decision was refused because "
              + escape(crossSite.get())
              + ". Open the link from your mail and use its buttons.</p>");
    }
    Map<String, String> form = HttpRequest.parseForm(request.body());
    String choice = form.getOrDefault("decision", "");
    Decide.Decision decision =
        switch (choice) {
          case "approve" -> Decide.Decision.APPROVE;
          case "deny" -> Decide.Decision.DENY;
          default -> throw new InvalidRequestException("choose Approve or Deny");
        };
    AccessRequest r =
        service.decideByLink(claims, signedIn, decision, form.getOrDefault("comment", ""));
    String verb = decision == Decide.Decision.APPROVE ? "approved" : "denied";
    RequestSummary summary = summarize(r);
    String body =
        "<p class=\"outcome\">You "
            + verb
            + ": "
            + escape(summary.headline())
            + ". The request is now <strong>"
            + escape(summary.state())
            + "</strong>"
            + (r.state() == RequestState.PENDING
                ? " and waits for " + (r.approvalsRequired() - r.approvals().size()) + " more."
                : ".")
            + "</p>"
            + details(r, summary);
    return page(200, "Decision recorded", body + consoleLink(r));
  }

  private HttpResponse refused(DomainException e, ApprovalClaims claims, Optional<Caller> who) {
    if (e instanceof ConflictException) {
      String body = "<p>" + escape(e.getMessage()) + ". Nothing was changed.</p>";
      try {
        AccessRequest r = service.viewByLink(claims, who);
        body += recorded(r, claims) + details(r, summarize(r));
      } catch (DomainException ignored) {
        // The approver may no longer see the request; the message above is all they get.
      }
      return page(409, "Already decided", body);
    }
    if (e instanceof InvalidRequestException) {
      return page(400, "Check the form", "<p>" + escape(e.getMessage()) + ".</p>");
    }
    return page(403, "Not allowed", "<p>" + escape(e.getMessage()) + ".</p>");
  }

  private Optional<Caller> signedIn(HttpRequest request) {
    try {
      return Optional.of(authenticator.authenticate(request));
    } catch (UnauthenticatedException e) {
      return Optional.empty();
    }
  }

  /**
   * The request as its approver should weigh it: the entitlement as the policy has it now, and the
   * requester's history of it from one bounded query of the store.
   */
  private RequestSummary summarize(AccessRequest r) {
    RequesterHistory history = service.history(r);
    return RequestSummary.of(r, service.entitlementOf(r), Optional.of(history), history.asOf());
  }

  private static String details(AccessRequest r, RequestSummary summary) {
    return SummaryHtml.render(summary)
        + "<p class=\"note\">Request "
        + escape(r.id().value())
        + " · "
        + escape(r.cloud().id())
        + " · "
        + escape(r.grant().kind().id())
        + " · "
        + escape(r.state().name())
        + "</p>";
  }

  /** A link into the web console's page of the request, relative so it works under any base. */
  private static String consoleLink(AccessRequest r) {
    return "<p class=\"note\"><a href=\"../console/requests/"
        + escape(r.id().value())
        + "\">Open this request in the jitgate console</a> (you sign in there).</p>";
  }

  private static String form(AccessRequest r) {
    return """
        <form method="post">
        <label for="comment">Comment (required to deny)</label>
        <textarea id="comment" name="comment" maxlength="1024"></textarea>
        <button class="approve" type="submit" name="decision" value="approve" id="approve">Approve</button>
        <button class="deny" type="submit" name="decision" value="deny" id="deny">Deny</button>
        </form>
        <p class="note">The access window starts when the request is approved and lasts %s.</p>
        """
        .formatted(escape(Spoken.duration(r.duration())));
  }

  private static String recorded(AccessRequest r, ApprovalClaims claims) {
    Optional<Approval> mine =
        r.approvals().stream().filter(a -> a.approver().equals(claims.approver())).findFirst();
    if (mine.isPresent()) {
      return "<p>You approved this request at " + escape(Spoken.time(mine.get().at())) + ".</p>";
    }
    if (r.denial() != null) {
      return "<p>"
          + escape(r.denial().by().email())
          + " denied this request at "
          + escape(Spoken.time(r.denial().at()))
          + ".</p>";
    }
    return "<p>This request is "
        + escape(r.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
        + "; there is nothing to decide.</p>";
  }

  private static HttpResponse page(int status, String title, String body) {
    return HttpResponse.html(status, Html.page(title, body));
  }
}
