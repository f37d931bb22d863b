package dev.jitgate.http;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.DomainException;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.UnauthenticatedException;
import dev.jitgate.service.AccessService;
import dev.jitgate.token.ApprovalTokens;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves API.md for every front end: the JSON API, the approval pages and {@code /healthz}. It
 * never throws: every failure becomes the documented status with an {@code {"error":...}} body (or
 * an HTML page under {@code /approvals/}), and never a stack trace.
 */
public final class Router {
  /** The largest body accepted: 64 KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = Logger.getLogger(Router.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Authenticator authenticator;
  private final JsonApi api;
  private final ApprovalPages pages;
  private final Map<String, Map<String, Function<HttpRequest, HttpResponse>>> extraRoutes;
  private final Function<HttpRequest, HttpResponse> console;

  public Router(AccessService service, Authenticator authenticator, ApprovalTokens tokens) {
    this(service, authenticator, tokens, Map.of());
  }

  private Router(
      AccessService service,
      Authenticator authenticator,
      ApprovalTokens tokens,
      Map<String, Map<String, Function<HttpRequest, HttpResponse>>> extraRoutes) {
    this.authenticator = authenticator;
    this.api = new JsonApi(service);
    this.pages = new ApprovalPages(service, tokens, authenticator);
    this.extraRoutes = extraRoutes;
    this.console = null;
  }

  private Router(
      Router base,
      Map<String, Map<String, Function<HttpRequest, HttpResponse>>> extra,
      Function<HttpRequest, HttpResponse> console) {
    this.authenticator = base.authenticator;
    this.api = base.api;
    this.pages = base.pages;
    this.extraRoutes = extra;
    this.console = console;
  }

  /**
   * A router that hands {@code /console} and every path under {@code /console/} to {@code console},
   * the web console, which signs its visitors in itself.
   */
  public Router withConsole(Function<HttpRequest, HttpResponse> console) {
    return new Router(this, extraRoutes, console);
  }

  /**
   * A router that also serves {@code method path} with {@code handler}, without authentication; for
   * front-end specific pages such as the local runner's {@code /local/grants}.
   */
  public Router withRoute(String method, String path, Function<HttpRequest, HttpResponse> handler) {
    Map<String, Map<String, Function<HttpRequest, HttpResponse>>> more =
        new LinkedHashMap<>(extraRoutes);
    Map<String, Function<HttpRequest, HttpResponse>> methods =
        new LinkedHashMap<>(more.getOrDefault(path, Map.of()));
    methods.put(method.toUpperCase(Locale.ROOT), handler);
    more.put(path, Map.copyOf(methods));
    return new Router(this, Map.copyOf(more), console);
  }

  /**
   * Answers one request, with a body to stream for the audit export ({@code GET /api/v1/audit});
   * every other answer is complete. A front end that can stream calls this; {@link #handle}
   * buffers.
   */
  public StreamedResponse handleStreamed(HttpRequest request) {
    if (!request.method().equals("GET") || !request.path().equals(JsonApi.AUDIT_EXPORT_PATH)) {
      return StreamedResponse.of(handle(request));
    }
    try {
      if (request.hasMalformedText()) {
        return StreamedResponse.of(
            error(400, "invalid_request", "a query parameter holds text that is not valid"));
      }
      Caller caller;
      try {
        caller = authenticator.authenticate(request);
      } catch (UnauthenticatedException e) {
        return StreamedResponse.of(error(401, "unauthenticated", e.getMessage()));
      }
      return api.auditExport(caller, request);
    } catch (DomainException e) {
      return StreamedResponse.of(domainError(e));
    } catch (RuntimeException e) {
      return StreamedResponse.of(internalError(request, e));
    }
  }

  /** Answers one request. */
  public HttpResponse handle(HttpRequest request) {
    try {
      return route(request);
    } catch (RuntimeException e) {
      return internalError(request, e);
    }
  }

  private HttpResponse route(HttpRequest request) {
    String path = request.path();
    if (console != null && (path.equals("/console") || path.startsWith("/console/"))) {
      return console.apply(request);
    }
    if (request.hasMalformedText() && !path.startsWith("/approvals/")) {
      return error(
          400,
          "invalid_request",
          "a query parameter or header holds text that is not valid UTF-8, or a control character");
    }
    Map<String, Function<HttpRequest, HttpResponse>> extra = extraRoutes.get(path);
    if (extra != null) {
      Function<HttpRequest, HttpResponse> handler = extra.get(request.method());
      return handler == null ? methodNotAllowed(extra.keySet()) : handler.apply(request);
    }
    if (path.equals("/healthz")) {
      return request.method().equals("GET")
          ? HttpResponse.json(200, "{\"status\":\"ok\"}")
          : methodNotAllowed(Set.of("GET"));
    }
    if (path.startsWith("/approvals/")) {
      return pages.handle(request, path.substring("/approvals/".length()));
    }
    List<String> segments = List.of(path.split("/", -1));
    if (segments.size() < 4
        || !segments.get(0).isEmpty()
        || !segments.get(1).equals("api")
        || !segments.get(2).equals("v1")) {
      return notFound();
    }
    JsonApi.Endpoint endpoint = api.endpoint(segments.subList(3, segments.size()));
    if (endpoint == null) {
      return notFound();
    }
    if (!endpoint.methods().contains(request.method())) {
      return methodNotAllowed(endpoint.methods());
    }
    if (request.body().length > MAX_BODY_BYTES) {
      return error(413, "payload_too_large", "the body is larger than 64 KiB");
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(request);
    } catch (UnauthenticatedException e) {
      return error(401, "unauthenticated", e.getMessage());
    }
    if (request.method().equals("POST")) {
      Optional<String> crossSite = CrossSite.refusal(request);
      if (crossSite.isPresent()) {
        return error(403, "forbidden", "refused: " + crossSite.get());
      }
      if (!acceptableJson(request)) {
        return error(
            415,
            "unsupported_media_type",
            "send Content-Type: application/json with every POST, even one without a body");
      }
    }
    try {
      return endpoint.handler().apply(caller, request);
    } catch (DomainException e) {
      return domainError(e);
    }
  }

  /**
   * Every POST to the API needs the JSON content type, with a body or without: a cross-site form
   * cannot send it, so it keeps forged state changes out.
   */
  private static boolean acceptableJson(HttpRequest request) {
    String type = request.first("content-type").orElse("");
    String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json");
  }

  static HttpResponse domainError(DomainException e) {
    if (e instanceof InvalidRequestException) {
      return error(400, "invalid_request", e.getMessage());
    }
    if (e instanceof ForbiddenException) {
      return error(403, "forbidden", e.getMessage());
    }
    if (e instanceof NotFoundException) {
      return error(404, "not_found", e.getMessage());
    }
    if (e instanceof ConflictException) {
      return error(409, "conflict", e.getMessage());
    }
    throw new IllegalStateException("unmapped domain exception " + e.getClass().getSimpleName());
  }

  /** An error answer in the API's JSON shape, for a platform handler that refuses a call itself. */
  public static HttpResponse error(int status, String code, String message) {
    return HttpResponse.json(status, ApiJson.error(code, message));
  }

  static HttpResponse notFound() {
    return error(404, "not_found", "there is nothing at this path");
  }

  private static HttpResponse methodNotAllowed(Set<String> allowed) {
    String allow = String.join(", ", new TreeSet<>(allowed));
    return error(405, "method_not_allowed", "this path accepts " + allow)
        .withHeader("Allow", allow);
  }

  private static HttpResponse internalError(HttpRequest request, RuntimeException e) {
    String incident = HexFormat.of().formatHex(bytes());
    if (e instanceof ProviderException) {
      // The provider's text names roles, accounts and scopes: the log and the audit keep it, the
      // caller gets the incident to quote.
      LOG.log(
          Level.WARNING,
          "incident {0}: {1} failed at the cloud: {2}",
          new Object[] {incident, request, e.getMessage()});
      return error(
          500,
          "internal",
          "the cloud did not complete the change; check the request's state before retrying"
              + " (incident "
              + incident
              + ")");
    }
    LOG.log(Level.SEVERE, "incident " + incident + ": " + request + " failed", e);
    return error(
        500,
        "internal",
        "something went wrong on our side; check the request's state before retrying (incident "
            + incident
            + ")");
  }

  private static byte[] bytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }
}
