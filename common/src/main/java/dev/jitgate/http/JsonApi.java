package dev.jitgate.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.Review;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.AuditExport;
import dev.jitgate.service.AuditQuery;
import dev.jitgate.service.Decide;
import dev.jitgate.service.ExtendAccess;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.ReviewCommand;
import dev.jitgate.service.Revoke;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** The {@code /api/v1} endpoints of API.md, each turning JSON into a use case and back. */
final class JsonApi {

  /** The methods a path accepts, and what serves them once the caller is known. */
  record Endpoint(Set<String> methods, BiFunction<Caller, HttpRequest, HttpResponse> handler) {}

  /** The audit export, which {@link Router#handleStreamed} can stream. */
  static final String AUDIT_EXPORT_PATH = "/api/v1/audit";

  /** The media type of the export: JSON Lines. */
  static final String JSON_LINES = "application/jsonl; charset=utf-8";

  private final AccessService service;

  JsonApi(AccessService service) {
    this.service = service;
  }

  /** The endpoint for the path segments after {@code /api/v1}, or null when there is none. */
  Endpoint endpoint(List<String> path) {
    if (path.equals(List.of("entitlements"))) {
      return new Endpoint(Set.of("GET"), (c, r) -> entitlements(c));
    }
    if (path.equals(List.of("audit"))) {
      return new Endpoint(Set.of("GET"), (c, r) -> auditExport(c, r).buffered());
    }
    if (path.equals(List.of("requests"))) {
      return new Endpoint(
          Set.of("GET", "POST"), (c, r) -> r.method().equals("POST") ? create(c, r) : list(c, r));
    }
    if (path.size() < 2 || path.size() > 3 || !path.get(0).equals("requests")) {
      return null;
    }
    String id = path.get(1);
    if (path.size() == 2) {
      return new Endpoint(Set.of("GET"), (c, r) -> ok(service.get(c, requestId(id))));
    }
    return switch (path.get(2)) {
      case "approve" -> post((c, r) -> approve(c, id, r));
      case "deny" -> post((c, r) -> deny(c, id, r));
      case "cancel" -> post((c, r) -> cancel(c, id, r));
      case "revoke" -> post((c, r) -> revoke(c, id, r));
      case "review" -> post((c, r) -> review(c, id, r));
      case "extend" -> post((c, r) -> extend(c, id, r));
      case "audit" -> new Endpoint(Set.of("GET"), (c, r) -> audit(c, id));
      case "credentials" ->
          new Endpoint(
              Set.of("GET"),
              (c, r) ->
                  HttpResponse.json(
                      200,
                      ApiJson.write(ApiJson.credentials(service.credentials(c, requestId(id))))));
      default -> null;
    };
  }

  private static Endpoint post(BiFunction<Caller, HttpRequest, HttpResponse> handler) {
    return new Endpoint(Set.of("POST"), handler);
  }

  private HttpResponse entitlements(Caller caller) {
    ObjectNode root = ApiJson.object();
    ArrayNode list = root.putArray("entitlements");
    service.entitlements(caller).forEach(e -> list.add(ApiJson.entitlement(e)));
    return HttpResponse.json(200, ApiJson.write(root));
  }

  private HttpResponse create(Caller caller, HttpRequest request) {
    JsonBody body =
        JsonBody.parse(
            request.body(),
            Set.of("entitlement", "duration", "justification", "breakGlass", "startAt"));
    String entitlement = body.requiredText("entitlement");
    if (!EntitlementId.isValid(entitlement)) {
      throw new InvalidRequestException("there is no entitlement '" + clip(entitlement) + "'");
    }
    Optional<Duration> duration = body.text("duration").map(JsonApi::duration);
    AccessRequest created =
        service.request(
            caller,
            new RequestAccess(
                new EntitlementId(entitlement),
                duration,
                body.text("justification").orElse(""),
                body.flag("breakGlass"),
                body.text("startAt").map(JsonApi::instant)));
    return HttpResponse.json(201, ApiJson.write(ApiJson.request(created)))
        .withHeader("Location", "/api/v1/requests/" + created.id().value());
  }

  private HttpResponse list(Caller caller, HttpRequest request) {
    String role = request.queryParam("role").orElse("requester");
    Optional<RequestState> state = request.queryParam("state").map(JsonApi::state);
    List<AccessRequest> found =
        switch (role) {
          case "requester" -> service.mine(caller, state);
          case "approver" ->
              service.toDecide(caller).stream()
                  .filter(r -> state.map(s -> r.state() == s).orElse(true))
                  .toList();
          default ->
              throw new InvalidRequestException(
                  "role must be 'requester' or 'approver', not '" + clip(role) + "'");
        };
    return HttpResponse.json(200, ApiJson.write(ApiJson.requests(found)));
  }

  private HttpResponse approve(Caller caller, String id, HttpRequest request) {
    JsonBody body = JsonBody.parse(request.body(), Set.of("comment"));
    Decide command = Decide.approve(requestId(id), body.text("comment").orElse(""));
    return ok(service.decide(caller, command));
  }

  private HttpResponse deny(Caller caller, String id, HttpRequest request) {
    JsonBody body = JsonBody.parse(request.body(), Set.of("reason"));
    return ok(service.decide(caller, Decide.deny(requestId(id), body.requiredText("reason"))));
  }

  private HttpResponse cancel(Caller caller, String id, HttpRequest request) {
    JsonBody.parse(request.body(), Set.of());
    return ok(service.cancel(caller, requestId(id)));
  }

  private HttpResponse revoke(Caller caller, String id, HttpRequest request) {
    JsonBody body = JsonBody.parse(request.body(), Set.of("reason"));
    return ok(service.revoke(caller, new Revoke(requestId(id), body.text("reason").orElse(""))));
  }

  /**
   * Issue 14: {@code {"outcome": "confirmed"|"flagged", "comment"}} closes a break-glass review.
   */
  private HttpResponse review(Caller caller, String id, HttpRequest request) {
    JsonBody body = JsonBody.parse(request.body(), Set.of("outcome", "comment"));
    String outcome = body.requiredText("outcome");
    Review.Outcome parsed =
        Arrays.stream(Review.Outcome.values())
            .filter(o -> o.id().equals(outcome))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "outcome must be 'confirmed' or 'flagged', not '" + clip(outcome) + "'"));
    return ok(
        service.review(
            caller, new ReviewCommand(requestId(id), parsed, body.text("comment").orElse(""))));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "startAt must be an RFC 3339 time in UTC, such as 2026-11-21T10:00:00Z, not '"
              + clip(text)
              + "'");
    }
  }

  private HttpResponse extend(Caller caller, String id, HttpRequest request) {
    JsonBody body = JsonBody.parse(request.body(), Set.of("duration", "justification"));
    Duration more = duration(body.requiredText("duration"));
    return ok(
        service.extend(
            caller, new ExtendAccess(requestId(id), more, body.text("justification").orElse(""))));
  }

  private HttpResponse audit(Caller caller, String id) {
    AccessService.AuditTrail trail = service.audit(caller, requestId(id));
    return HttpResponse.json(200, ApiJson.write(ApiJson.audit(trail.events(), trail.valid())));
  }

  /**
   * One page of the audit export as JSON Lines, for an auditor; the range and the caller are
   * checked before any of the body is written, so a refusal is still a proper status.
   */
  StreamedResponse auditExport(Caller caller, HttpRequest request) {
    AuditQuery query =
        AuditQuery.parse(
            request.queryParam("from"),
            request.queryParam("to"),
            request.queryParam("limit"),
            request.queryParam("after"));
    AuditExport export = service.auditExport(caller, query);
    HttpResponse head =
        new HttpResponse(
            200,
            Map.of(
                "Content-Type",
                JSON_LINES,
                "Cache-Control",
                "no-store",
                "X-Content-Type-Options",
                "nosniff"),
            null);
    return new StreamedResponse(head, export::writeTo);
  }

  private static HttpResponse ok(AccessRequest request) {
    return HttpResponse.json(200, ApiJson.write(ApiJson.request(request)));
  }

  /** An id that cannot exist is answered like one that does not: 404. */
  private static RequestId requestId(String raw) {
    if (!RequestId.isValid(raw)) {
      throw new NotFoundException("there is no request " + clip(raw) + " you can see");
    }
    return new RequestId(raw);
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "duration '" + clip(text) + "' is not an ISO-8601 duration such as PT1H or PT30M");
    }
  }

  private static RequestState state(String text) {
    return Arrays.stream(RequestState.values())
        .filter(s -> s.name().equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "state must be one of " + Arrays.toString(RequestState.values())));
  }

  /** User text echoed in an error, cut short so an error never grows with the input. */
  static String clip(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
