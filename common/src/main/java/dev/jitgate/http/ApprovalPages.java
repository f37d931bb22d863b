package dev.jitgate.http;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.DomainException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
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
    String body = details(r) + (r.decidableBy(claims.approver()) ? form(r) : recorded(r, claims));
    return page(200, "Access request " + r.id(), body + consoleLink(r));
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
    String body =
        "<p>You "
            + verb
            + " request <strong>"
            + escape(r.id().value())
            + "</strong>. It is now <strong>"
            + escape(r.state().name())
            + "</strong>"
            + (r.state() == RequestState.PENDING
                ? " and waits for " + (r.approvalsRequired() - r.approvals().size()) + " more."
                : ".")
            + "</p>"
            + details(r);
    return page(200, "Decision recorded", body + consoleLink(r));
  }

  private HttpResponse refused(DomainException e, ApprovalClaims claims, Optional<Caller> who) {
    if (e instanceof ConflictException) {
      String body = "<p>" + escape(e.getMessage()) + ". Nothing was changed.</p>";
      try {
        AccessRequest r = service.viewByLink(claims, who);
        body += recorded(r, claims) + details(r);
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

  private static String details(AccessRequest r) {
    return "<dl>"
        + row("Request", r.id().value())
        + row("Entitlement", r.entitlement().value())
        + row("Cloud", r.cloud().id())
        + row("Requester", r.requester().email())
        + row("Justification", r.justification().isEmpty() ? "(none given)" : r.justification())
        + row("Duration", r.duration().toString())
        + row("Requested at", r.createdAt().toString())
        + row("Approval deadline", r.approvalDeadline().toString())
        + row("Approvals", r.approvals().size() + " of " + r.approvalsRequired())
        + row("State", r.state().name())
        + "</dl>";
  }

  /** A link into the web console's page of the request, relative so it works under any base. */
  private static String consoleLink(AccessRequest r) {
    return "<p class=\"note\"><a href=\"../console/requests/"
        + escape(r.id().value())
        + "\">Open this request in the jitgate console</a> (you sign in there).</p>";
  }

  private static String row(String name, String value) {
    return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
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
        .formatted(escape(r.duration().toString()));
  }

  private static String recorded(AccessRequest r, ApprovalClaims claims) {
    Optional<Approval> mine =
        r.approvals().stream().filter(a -> a.approver().equals(claims.approver())).findFirst();
    if (mine.isPresent()) {
      return "<p>You approved this request at " + escape(mine.get().at().toString()) + ".</p>";
    }
    if (r.denial() != null) {
      return "<p>"
          + escape(r.denial().by().email())
          + " denied this request at "
          + escape(r.denial().at().toString())
          + ".</p>";
    }
    return "<p>This request is " + escape(r.state().name()) + "; there is nothing to decide.</p>";
  }

  private static HttpResponse page(int status, String title, String body) {
    return HttpResponse.html(status, Html.page(title, body));
  }
}
