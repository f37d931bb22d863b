package dev.jitgate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import dev.jitgate.service.ServiceHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Calls the router as a front end would, with the service wired to real collaborators. */
final class ApiClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Trusts X-Test-User and X-Test-Groups: the tests of this package are about the API. */
  static final Authenticator HEADERS =
      headers -> {
        String user =
            headers
                .first("x-test-user")
                .orElseThrow(() -> new UnauthenticatedException("sign in first"));
        Set<String> groups =
            headers
                .first("x-test-groups")
                .map(g -> Arrays.stream(g.split(",")).collect(Collectors.toSet()))
                .orElse(Set.of());
        UserId id = new UserId(user);
        return new Caller(id.email(), id, groups, Map.of());
      };

  final ServiceHarness h = new ServiceHarness();
  final Router router = new Router(h.service, HEADERS, h.tokens);

  HttpResponse call(
      String method, String pathAndQuery, String user, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (user != null) {
      all.put("X-Test-User", user);
    }
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    return router.handle(new HttpRequest(method, path, HttpRequest.parseQuery(query), all, body));
  }

  HttpResponse get(String path, String user) {
    return call("GET", path, user, Map.of(), null);
  }

  HttpResponse post(String path, String user, String json) {
    return call(
        "POST",
        path,
        user,
        Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse form(String path, String form) {
    return call(
        "POST",
        path,
        null,
        Map.of("Content-Type", "application/x-www-form-urlencoded"),
        form.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates a request as {@code user} and returns its id. */
  String create(String user, String entitlement, String justification) {
    HttpResponse r =
        post(
            "/api/v1/requests",
            user,
            "{\"entitlement\":\""
                + entitlement
                + "\",\"justification\":\""
                + justification
                + "\"}");
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r.status() + " " + r.bodyText());
    }
    return json(r).get("id").asText();
  }

  static JsonNode json(HttpResponse response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    h.close();
  }
}
