package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "Done means": a seeded generator sends malformed requests to every endpoint of API.md on
 * a real local runner, over real HTTP, and checks that none succeeds, none is a 5xx, every error
 * has API.md's shape (an HTML page on approval links), and the store did not change.
 */
class MalformedInputFuzzTest {
  private static final long SEED = 0x9e3779b97f4a7c15L;
  private static final int CASES = 2_200;
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[][] BAD_UTF8 = {
    {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
    {(byte) 0x80},
    {(byte) 0xFF},
    {(byte) 0xE2, (byte) 0x82}, // truncated
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
  };

  @TempDir Path data;

  /** One malformed request and how it was sent. */
  private record Sent(
      String description, String path, int status, String contentType, String body) {}

  @Test
  void malformedRequests_neverSucceed_neverFail5xx_andChangeNothing() throws Exception {
    try (RunningSystem system = new RunningSystem(data)) {
      Fixture f = Fixture.create(system);
      Map<String, String> before = snapshot(system, f);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      Random random = new Random(SEED);
      List<Sent> sent = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        sent.add(one(random, system, f, http));
      }

      List<Sent> succeeded = sent.stream().filter(s -> s.status() / 100 == 2).toList();
      List<Sent> serverErrors = sent.stream().filter(s -> s.status() >= 500).toList();
      List<Sent> badShape = sent.stream().filter(s -> !wellShaped(s)).toList();
      Map<String, String> after = snapshot(system, f);
      long changed =
          before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
      System.out.printf(
          "fuzz: %d malformed requests, %d answered 2xx, %d answered 5xx, %d errors not in the"
              + " shape, %d of %d snapshot entries changed%n",
          sent.size(),
          succeeded.size(),
          serverErrors.size(),
          badShape.size(),
          changed,
          before.size());
      summarize("2xx", succeeded);
      summarize("5xx", serverErrors);
      summarize("shape", badShape);

      assertThat(sent).hasSizeGreaterThanOrEqualTo(2_000);
      assertThat(serverErrors).as("5xx answers").isEmpty();
      assertThat(succeeded).as("2xx answers to malformed requests").isEmpty();
      assertThat(badShape).as("errors not in API.md's shape").isEmpty();
      assertThat(after).as("the store through the API and /local/grants").isEqualTo(before);
    }
  }

  private static void summarize(String what, List<Sent> list) {
    Map<String, Integer> byKind = new LinkedHashMap<>();
    list.forEach(s -> byKind.merge(s.description() + " " + s.status(), 1, Integer::sum));
    byKind.forEach((k, n) -> System.out.printf("  %s: %s x%d%n", what, k, n));
  }

  /** Ids and a link in each interesting state, made with well-formed calls before the run. */
  private record Fixture(String pending, String active, String link) {
    static Fixture create(RunningSystem system) {
      String pending = create(system, "pending");
      String active = create(system, "active");
      String approved = system.post("/api/v1/requests/" + active + "/approve", CAROL, "{}").body();
      assertThat(approved).contains("ACTIVE");
      return new Fixture(pending, active, system.approvalLink(CAROL, pending));
    }

    private static String create(RunningSystem system, String why) {
      HttpResponse<String> r =
          system.post(
              "/api/v1/requests",
              ALICE,
              "{\"entitlement\":\"gcp-sandbox-editor\",\"justification\":\"fuzz " + why + "\"}");
      assertThat(r.statusCode()).isEqualTo(201);
      return RunningSystem.json(r).get("id").asText();
    }
  }

  private static Map<String, String> snapshot(RunningSystem system, Fixture f) {
    Map<String, String> s = new LinkedHashMap<>();
    for (String user : List.of(ALICE, CAROL, "dave@example.com")) {
      for (String role : List.of("requester", "approver")) {
        String path = "/api/v1/requests?role=" + role;
        s.put(user + " " + path, system.get(path, user).body());
      }
    }
    for (String id : List.of(f.pending(), f.active())) {
      s.put(id, system.get("/api/v1/requests/" + id, ALICE).body());
      s.put(id + "/audit", system.get("/api/v1/requests/" + id + "/audit", ALICE).body());
    }
    s.put("/local/grants", system.get("/local/grants", null).body());
    s.put("link", system.getUrl(f.link()).body());
    return s;
  }

  private static Sent one(Random r, RunningSystem system, Fixture f, HttpClient http)
      throws Exception {
    int kind = r.nextInt(100);
    if (kind < 20) {
      return rawHttp(r, system.runner.port(), f);
    }
    if (kind < 30) {
      return badHeaderBytes(r, system.runner.port(), f);
    }
    if (kind < 42) {
      return approvalForm(r, system, f, http);
    }
    if (kind < 50) {
      return badGet(r, system, f, http);
    }
    return badJsonPost(r, system, f, http);
  }

  /** A POST to a JSON endpoint with a body, content type or caller that is wrong. */
  private static Sent badJsonPost(Random r, RunningSystem system, Fixture f, HttpClient http)
      throws Exception {
    String[][] endpoints = {
      {
        "/api/v1/requests",
        ALICE,
        "{\"entitlement\":\"gcp-sandbox-editor\",\"justification\":\"x\"}"
      },
      {"/api/v1/requests/" + f.pending() + "/approve", CAROL, "{\"comment\":\"ok\"}"},
      {"/api/v1/requests/" + f.pending() + "/deny", CAROL, "{\"reason\":\"no\"}"},
      {"/api/v1/requests/" + f.pending() + "/cancel", ALICE, "{}"},
      {"/api/v1/requests/" + f.active() + "/revoke", ALICE, "{\"reason\":\"done\"}"}
    };
    String[] e = endpoints[r.nextInt(endpoints.length)];
    String path = e[0];
    String user = e[1];
    String valid = e[2];
    String contentType = "application/json";
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    String what;
    switch (r.nextInt(11)) {
      case 0 -> {
        String[] tails = {"xyz", "]]]", "}", " not json", "{}", "[]", "\"s\"", "0", " {}"};
        what = "trailing data";
        body = utf8(valid + tails[r.nextInt(tails.length)]);
      }
      case 1 -> {
        what = "invalid UTF-8 in the body";
        body = withBadUtf8(r, valid);
      }
      case 2 -> {
        what = "unknown field";
        body =
            utf8(
                valid.substring(0, valid.length() - 1)
                    + (valid.equals("{}") ? "" : ",")
                    + "\"bogus\":1}");
      }
      case 3 -> {
        String[] wrong = {
          "{\"entitlement\":5}",
          "{\"comment\":[]}",
          "{\"reason\":{}}",
          "{\"duration\":true}",
          "{\"justification\":1.5}",
          "[]",
          "\"text\"",
          "null",
          "42",
          "{\"reason\":null,\"x\":[1]}"
        };
        what = "wrong type";
        body = utf8(wrong[r.nextInt(wrong.length)]);
      }
      case 4 -> {
        what = "huge body";
        body = utf8("{\"comment\":\"" + "a".repeat(64 * 1024 + r.nextInt(4096)) + "\"}");
      }
      case 5 -> {
        String[] types = {
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/jsonx",
          "application/json-patch+json",
          "text/json",
          ""
        };
        what = "bad content type";
        contentType = types[r.nextInt(types.length)];
        body = utf8(valid);
      }
      case 6 -> {
        what = "bad caller";
        String[] users = {
          "", "not an address", "Bearer x", "alice@", "@example.com", "a b@example.com"
        };
        user = r.nextBoolean() ? null : users[r.nextInt(users.length)];
        headers.put(
            "Authorization", "Bearer " + (r.nextBoolean() ? "eyJhbGciOiJub25lIn0.e30." : "x"));
        body = utf8(valid);
      }
      case 7 -> {
        what = "cross-site";
        if (r.nextBoolean()) {
          headers.put("Sec-Fetch-Site", "cross-site");
        } else {
          headers.put("Origin", "http://evil.example");
        }
        body = utf8(valid);
      }
      case 8 -> {
        String[] broken = {
          "{", "{\"comment\":", "{\"comment\":\"x}", "{'a':1}", "{\"a\" 1}", "{,}", "nul"
        };
        what = "malformed JSON";
        body = utf8(broken[r.nextInt(broken.length)]);
      }
      case 9 -> {
        what = "control characters";
        char c = (char) (1 + r.nextInt(8));
        body =
            utf8(
                valid
                    .replace("\"ok\"", "\"o" + c + "k\"")
                    .replace("\"no\"", "\"n" + c + "\"")
                    .replace("\"done\"", "\"d" + c + "\"")
                    .replace("\"x\"", "\"x" + c + "\"")
                    .replace("{}", "{\"x\":\"" + c + "\"}"));
      }
      default -> {
        what = "text over its limit";
        String big = "b".repeat(1_025 + r.nextInt(2_000));
        body =
            utf8(
                valid
                    .replace("\"ok\"", "\"" + big + "\"")
                    .replace("\"no\"", "\"" + big + "\"")
                    .replace("\"done\"", "\"" + big + "\"")
                    .replace("\"x\"", "\"" + big + "\"")
                    .replace("{}", "{\"reason\":\"" + big + "\"}"));
      }
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(system.base() + path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!contentType.isEmpty()) {
      b.header("Content-Type", contentType);
    }
    if (user != null) {
      b.header("X-Jitgate-User", user);
    }
    headers.forEach(b::header);
    return send(http, b.build(), "POST " + shape(path) + " " + what);
  }

  /** A GET with a bad caller, id or query; none of them may answer 2xx. */
  private static Sent badGet(Random r, RunningSystem system, Fixture f, HttpClient http)
      throws Exception {
    String[] paths = {
      "/api/v1/entitlements",
      "/api/v1/requests",
      "/api/v1/requests/" + f.pending(),
      "/api/v1/requests/" + f.active() + "/audit",
      "/api/v1/requests/" + f.active() + "/credentials"
    };
    String path = paths[r.nextInt(paths.length)];
    String user = ALICE;
    String what;
    switch (r.nextInt(4)) {
      case 0 -> {
        what = "no caller";
        user = null;
      }
      case 1 -> {
        what = "unknown id";
        path = "/api/v1/requests/" + (r.nextBoolean() ? "nope" : "%2e%2e%2f" + f.pending());
      }
      case 2 -> {
        what = "invalid UTF-8 in the query";
        path = "/api/v1/requests?role=%C0%AF" + (r.nextBoolean() ? "&state=%FF" : "");
      }
      default -> {
        what = "wrong method";
        String m = new String[] {"PUT", "DELETE", "PATCH"}[r.nextInt(3)];
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(system.base() + path))
                .header("X-Jitgate-User", ALICE)
                .header("Content-Type", "application/json")
                .method(m, HttpRequest.BodyPublishers.ofString("{}"));
        return send(http, b.build(), m + " " + shape(path) + " " + what);
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(system.base() + path)).GET();
    if (user != null) {
      b.header("X-Jitgate-User", user);
    }
    return send(http, b.build(), "GET " + shape(path) + " " + what);
  }

  /** The approval link's form, with a bad token, decision, encoding or origin. */
  private static Sent approvalForm(Random r, RunningSystem system, Fixture f, HttpClient http)
      throws Exception {
    String url = f.link();
    String form = "decision=approve&comment=ok";
    String contentType = "application/x-www-form-urlencoded";
    Map<String, String> headers = new LinkedHashMap<>();
    String what;
    byte[] body = null;
    switch (r.nextInt(7)) {
      case 0 -> {
        what = "bad token";
        String token = url.substring(url.lastIndexOf('/') + 1);
        char[] chars = token.toCharArray();
        int at = r.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        url = url.substring(0, url.lastIndexOf('/') + 1) + new String(chars);
        if (r.nextBoolean()) {
          HttpRequest get = HttpRequest.newBuilder(URI.create(url)).GET().build();
          return send(http, get, "GET /approvals/{bad}");
        }
      }
      case 1 -> {
        what = "invalid UTF-8 in the form";
        body =
            r.nextBoolean()
                ? utf8("decision=deny&comment=%C0%AF&reason=%FF%FE")
                : concat(utf8("decision=deny&reason="), BAD_UTF8[r.nextInt(BAD_UTF8.length)]);
      }
      case 2 -> {
        what = "bad decision";
        String[] d = {"decision=maybe", "decision=", "comment=ok", "decision=deny&reason="};

        form = d[r.nextInt(d.length)];
      }
      case 3 -> {
        what = "cross-site";
        headers.put("Sec-Fetch-Site", "cross-site");
        if (r.nextBoolean()) {
          headers.put("Origin", "http://evil.example");
        }
      }
      case 4 -> {
        what = "huge form";
        form = "decision=approve&comment=" + "c".repeat(64 * 1024 + 10);
      }
      case 5 -> {
        what = "bad content type";
        contentType = r.nextBoolean() ? "application/json" : "text/plain";
        form = r.nextBoolean() ? "{\"decision\":\"approve\"}" : form;
      }
      default -> {
        what = "long comment";
        form = "decision=approve&comment=" + "c".repeat(1_025 + r.nextInt(100));
      }
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? utf8(form) : body));
    headers.forEach(b::header);
    return send(http, b.build(), "POST /approvals/{token} " + what);
  }

  /** HTTP that no client library would send: broken request lines, headers, lengths, chunks. */
  private static Sent rawHttp(Random r, int port, Fixture f) {
    String target = "/api/v1/requests/" + f.pending() + "/cancel";
    String head =
        "Host: localhost\r\nX-Jitgate-User: " + ALICE + "\r\nContent-Type: application/json\r\n";
    String[] requests = {
      "POST " + target + " HTTP/9.9\r\n" + head + "Content-Length: 2\r\n\r\n{}",
      "POST " + target + "\r\n" + head + "\r\n",
      "POST /api/v1/requests/%zz/cancel HTTP/1.1\r\n" + head + "Content-Length: 2\r\n\r\n{}",
      "POST /api/v1/requests/../../cancel HTTP/1.1\r\n" + head + "Content-Length: 2\r\n\r\n{}",
      "POST " + target + " HTTP/1.1\r\n" + head + "Bad Header\r\nContent-Length: 2\r\n\r\n{}",
      "POST " + target + " HTTP/1.1\r\n" + head + "Content-Length: -1\r\n\r\n{}",
      "POST " + target + " HTTP/1.1\r\n" + head + "Content-Length: 2x\r\n\r\n{}",
      "POST "
          + target
          + " HTTP/1.1\r\n"
          + head
          + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ",
      "POST "
          + target
          + " HTTP/1.1\r\n"
          + head
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "POST " + target + " HTTP/1.1\r\n" + head + "Transfer-Encoding: gzip\r\n\r\n{}",
      "POST "
          + target
          + " HTTP/1.1\r\n"
          + head
          + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      "POST "
          + target
          + " HTTP/1.1\r\n"
          + head
          + "X-Long: "
          + "h".repeat(20_000)
          + "\r\nContent-Length: 2\r\n\r\n{}",
      "POST "
          + target
          + " HTTP/1.1\r\nHost: evil.example\r\nX-Jitgate-User: "
          + ALICE
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      "POST http://evil.example" + target + " HTTP/1.1\r\n" + head + "Content-Length: 2\r\n\r\n{}",
      "POST " + target + " HTTP/1.1\r\n" + head + "Content-Length: 5\r\n\r\n{}xyz",
      "\u0001\u0002\u0003 / HTTP/1.1\r\n\r\n",
      "POST /" + "p".repeat(20_000) + " HTTP/1.1\r\n" + head + "\r\n"
    };
    int pick = r.nextInt(requests.length);
    RawHttp.Answer a = RawHttp.send(port, requests[pick]);
    return new Sent("raw HTTP #" + pick, "/api", a.status(), contentType(a.head()), a.body());
  }

  /** Invalid UTF-8 in the caller header or another header, which only a raw socket can send. */
  private static Sent badHeaderBytes(Random r, int port, Fixture f) {
    String target = "/api/v1/requests/" + f.pending() + "/approve";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
    boolean inUser = r.nextBoolean();
    out.writeBytes(utf8("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nX-Jitgate-User: "));
    out.writeBytes(utf8("carol"));
    if (inUser) {
      out.writeBytes(bad);
    }
    out.writeBytes(utf8("@example.com\r\nX-Jitgate-Groups: sre-leads"));
    if (!inUser) {
      out.writeBytes(bad);
    }
    out.writeBytes(
        utf8(
            "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
    RawHttp.Answer a = RawHttp.send(port, out.toByteArray());
    return new Sent(
        "invalid UTF-8 in " + (inUser ? "X-Jitgate-User" : "X-Jitgate-Groups"),
        target,
        a.status(),
        contentType(a.head()),
        a.body());
  }

  private static Sent send(HttpClient http, HttpRequest request, String what) throws Exception {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Sent(
          what,
          request.uri().getRawPath(),
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      // The server may close the connection on a huge body after answering 413; that is no success.
      return new Sent(what + " (connection closed)", request.uri().getRawPath(), 499, "", "");
    }
  }

  private static boolean wellShaped(Sent s) {
    if (s.status() == 499 || s.status() / 100 == 2) {
      return true; // judged by the other checks
    }
    if (s.body().contains("Exception")
        || s.body().contains("jetty")
        || s.body().contains("java.")) {
      return false;
    }
    if (s.path().startsWith("/approvals/")) {
      return s.contentType().startsWith("text/html");
    }
    try {
      JsonNode error = JSON.readTree(s.body()).get("error");
      return error != null
          && error.size() == 2
          && error.path("code").isTextual()
          && error.path("message").isTextual();
    } catch (IOException e) {
      return false;
    }
  }

  private static String contentType(String head) {
    for (String line : head.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-type:", 0, 13)) {
        return line.substring(13).trim();
      }
    }
    return "";
  }

  private static String shape(String path) {
    return path.replaceAll("/requests/[^/?]+", "/requests/{id}");
  }

  private static byte[] withBadUtf8(Random r, String valid) {
    int quote = valid.lastIndexOf('"');
    byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
    if (quote < 0) {
      return concat(utf8("{\"x\":\""), concat(bad, utf8("\"}")));
    }
    // Inside the last string value (or key), so only the bytes are wrong.
    int inside = valid.lastIndexOf('"', quote - 1) + 1;
    return concat(utf8(valid.substring(0, inside)), concat(bad, utf8(valid.substring(inside))));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
