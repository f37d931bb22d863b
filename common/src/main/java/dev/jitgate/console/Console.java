package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.DomainException;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.Review;
import dev.jitgate.http.CrossSite;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.Decide;
import dev.jitgate.service.ExtendAccess;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.ReviewCommand;
import dev.jitgate.service.Revoke;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The web console under {@code /console/}: pages rendered on the server for requesters and
 * approvers, calling the same use cases as the JSON API, so eligibility, self-approval and one
 * decision per approver hold alike. Every form that changes something carries a CSRF token bound to
 * the visitor's session and must come from the console's own origin. Pages work without script.
 */
public final class Console {
  private final AccessService service;
  private final SignIn signIn;
  private final SessionSeal seal;
  private final Clock clock;
  private final Layout layout;
  private final RequestPages requestPages;
  private final ListPages lists;
  private final DetailPages details;

  /**
   * @param base the path the deployment is served under, such as "" or "/prod"
   */
  public Console(AccessService service, SignIn signIn, SessionSeal seal, String base, Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.signIn = Objects.requireNonNull(signIn, "signIn");
    this.seal = Objects.requireNonNull(seal, "seal");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.layout = new Layout(base, seal);
    this.requestPages = new RequestPages(layout);
    this.lists = new ListPages(layout);
    this.details = new DetailPages(layout, lists);
  }

  /** Answers a request whose path is {@code /console} or under {@code /console/}. */
  public HttpResponse handle(HttpRequest request) {
    if (request.path().equals("/console")) {
      return Layout.redirect(layout.href(""), Optional.empty());
    }
    String path = request.path().substring("/console/".length());
    boolean get = request.method().equals("GET");
    boolean post = request.method().equals("POST");
    if (!get && !post) {
      return Layout.with(
          notice(405, "Not allowed", "Use the console's links and buttons."), "Allow", "GET, POST");
    }
    Assets asset = Assets.named(path);
    if (asset != null) {
      return get ? asset.response() : notice(405, "Not allowed", "This is a static file.");
    }
    if (request.hasMalformedText()) {
      return notice(400, "Check the link", "The request holds text that is not valid UTF-8.");
    }
    if (request.body().length > Router.MAX_BODY_BYTES) {
      return notice(413, "Too large", "The form is larger than 64 KiB.");
    }
    if (post) {
      Optional<String> crossSite = CrossSite.refusal(request);
      if (crossSite.isPresent()) {
        return notice(403, "Not allowed", "This form was refused because " + crossSite.get() + ".");
      }
    }
    Optional<HttpResponse> own = signIn.handle(request, path);
    if (own.isPresent()) {
      return own.get();
    }
    if (path.equals("logout") && post) {
      Optional<Visitor> who = signIn.visitor(request);
      if (who.isPresent() && !csrfOk(who.get(), request)) {
        return staleForm(who.get());
      }
      return signIn.signOut(request);
    }
    Optional<Visitor> visitor = signIn.visitor(request);
    if (visitor.isEmpty()) {
      return signIn.signInFirst(request);
    }
    try {
      if (post) {
        return act(visitor.get(), path, request);
      }
      return show(visitor.get(), path, request);
    } catch (DomainException e) {
      return refused(visitor.get(), e, path);
    }
  }

  private HttpResponse show(Visitor v, String path, HttpRequest request) {
    if (path.isEmpty()) {
      return requestPages.catalogue(v, service.entitlements(v.caller()));
    }
    if (path.equals("new")) {
      Entitlement e = requestable(v, request.queryParam("entitlement").orElse(""));
      return requestPages.form(v, e, RequestPages.Filled.EMPTY, 200);
    }
    if (path.equals("requests")) {
      return lists.mine(v, service.mine(v.caller(), Optional.empty()), clock.instant());
    }
    if (path.equals("approvals")) {
      return lists.toApprove(
          v, service.toDecide(v.caller()), service::entitlementOf, clock.instant());
    }
    List<String> parts = List.of(path.split("/", -1));
    if (parts.size() == 2 && parts.get(0).equals("requests")) {
      return details.detail(
          v,
          service.detail(v.caller(), requestId(parts.get(1))),
          request.queryParam("done"),
          clock.instant());
    }
    return notFound(v);
  }

  private HttpResponse act(Visitor v, String path, HttpRequest request) {
    String type = request.first("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return notice(415, "Use the form", "Send the console's own forms.");
    }
    Map<String, String> form;
    try {
      form = HttpRequest.parseForm(request.body());
    } catch (InvalidRequestException e) {
      return notice(400, "Check the form", e.getMessage() + ".");
    }
    if (!seal.csrfMatches(v.binding(), form.get("csrf"))) {
      return staleForm(v);
    }
    if (path.equals("new")) {
      return submit(v, form);
    }
    List<String> parts = List.of(path.split("/", -1));
    if (parts.size() != 3 || !parts.get(0).equals("requests")) {
      return notFound(v);
    }
    RequestId id = requestId(parts.get(1));
    String action = parts.get(2);
    switch (action) {
      case "cancel" -> service.cancel(v.caller(), id);
      case "revoke" -> service.revoke(v.caller(), new Revoke(id, form.getOrDefault("reason", "")));
      case "extend" ->
          service.extend(
              v.caller(),
              new ExtendAccess(
                  id,
                  consoleDuration(form.getOrDefault("duration", "")),
                  form.getOrDefault("justification", "")));
      case "credentials" -> {
        AccessRequest r = service.get(v.caller(), id);
        return details.credentials(v, r, service.credentials(v.caller(), id));
      }
      case "review" -> {
        String outcome = form.getOrDefault("outcome", "");
        Review.Outcome parsed =
            switch (outcome) {
              case "confirmed" -> Review.Outcome.CONFIRMED;
              case "flagged" -> Review.Outcome.FLAGGED;
              default -> throw new InvalidRequestException("choose Confirm or Flag");
            };
        service.review(v.caller(), new ReviewCommand(id, parsed, form.getOrDefault("comment", "")));
      }
      case "decide" -> {
        String decision = form.getOrDefault("decision", "");
        String comment = form.getOrDefault("comment", "");
        Decide command =
            switch (decision) {
              case "approve" -> Decide.approve(id, comment);
              case "deny" -> Decide.deny(id, comment);
              default -> throw new InvalidRequestException("choose Approve or Deny");
            };
        service.decide(v.caller(), command);
        action = decision;
      }
      default -> {
        return notFound(v);
      }
    }
    return Layout.redirect(
        layout.href("requests/" + id.value() + "?done=" + action), Optional.empty());
  }

  private HttpResponse submit(Visitor v, Map<String, String> form) {
    Entitlement e = requestable(v, form.getOrDefault("entitlement", ""));
    String durationText = form.getOrDefault("duration", "").strip();
    String startText = form.getOrDefault("startAt", "").strip();
    String justification = form.getOrDefault("justification", "");
    try {
      Optional<Duration> duration =
          durationText.isEmpty() ? Optional.empty() : Optional.of(duration(durationText));
      Optional<Instant> startAt =
          startText.isEmpty() ? Optional.empty() : Optional.of(startAt(startText));
      AccessRequest created =
          service.request(
              v.caller(), new RequestAccess(e.id(), duration, justification, false, startAt));
      return Layout.redirect(
          layout.href("requests/" + created.id().value() + "?done=submitted"), Optional.empty());
    } catch (InvalidRequestException problem) {
      String message = problem.getMessage();
      String field =
          message.contains("startAt")
              ? "startAt"
              : message.contains("justification")
                  ? "justification"
                  : message.contains("duration") ? "duration" : "";
      return requestPages.form(
          v,
          e,
          new RequestPages.Filled(durationText, startText, justification, Map.of(field, message)),
          400);
    }
  }

  /**
   * A start typed in the form: a browser's date and time ({@code 2026-12-07T09:00}, read as UTC, as
   * the field says) or a full RFC 3339 time.
   */
  private static Instant startAt(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new InvalidRequestException(
            "startAt must be a date and time in UTC, such as 2026-12-07T09:00");
      }
    }
  }

  private Entitlement requestable(Visitor v, String raw) {
    if (EntitlementId.isValid(raw)) {
      EntitlementId id = new EntitlementId(raw);
      for (Entitlement e : service.entitlements(v.caller())) {
        if (e.id().equals(id)) {
          return e;
        }
      }
    }
    throw new NotFoundException("there is no entitlement you may request by that name");
  }

  private HttpResponse refused(Visitor v, DomainException e, String path) {
    if (e instanceof ConflictException) {
      Optional<AccessRequest> now = Optional.empty();
      String[] parts = path.split("/");
      String id = parts.length >= 2 && parts[0].equals("requests") ? parts[1] : null;
      if (id != null && RequestId.isValid(id)) {
        try {
          now = Optional.of(service.get(v.caller(), new RequestId(id)));
        } catch (DomainException ignored) {
          // The visitor may no longer see it; the message is all they get.
        }
      }
      return details.alreadyDecided(v, e.getMessage(), now);
    }
    if (e instanceof InvalidRequestException) {
      return page(v, 400, "Check the form", e.getMessage() + ".");
    }
    if (e instanceof ForbiddenException) {
      return page(v, 403, "Not allowed", e.getMessage() + ".");
    }
    return notFound(v);
  }

  private boolean csrfOk(Visitor v, HttpRequest request) {
    try {
      return seal.csrfMatches(v.binding(), HttpRequest.parseForm(request.body()).get("csrf"));
    } catch (InvalidRequestException e) {
      return false;
    }
  }

  private HttpResponse staleForm(Visitor v) {
    return page(
        v,
        403,
        "Form expired",
        "This form did not come with a valid token for your session, so nothing was changed."
            + " Reload the page and try again.");
  }

  private HttpResponse notFound(Visitor v) {
    return page(v, 404, "Not found", "There is nothing here you can see.");
  }

  private HttpResponse page(Visitor v, int status, String title, String text) {
    return layout.page(
        status, title, Optional.of(v), Layout.Section.NONE, "<p>" + escape(text) + "</p>");
  }

  private HttpResponse notice(int status, String title, String text) {
    return layout.page(
        status, title, Optional.empty(), Layout.Section.NONE, "<p>" + escape(text) + "</p>");
  }

  private static RequestId requestId(String raw) {
    if (!RequestId.isValid(raw)) {
      throw new NotFoundException("there is no such request");
    }
    return new RequestId(raw);
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("duration must be one of the choices offered");
    }
  }

  private static java.time.Duration consoleDuration(String text) {
    try {
      return java.time.Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidRequestException("choose how much more time, such as 30 minutes");
    }
  }
}
