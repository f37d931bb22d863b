package dev.jitgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API on loopback, for the methods jitgate calls: {@code chat.postMessage}, {@code
 * chat.update}, {@code chat.postEphemeral}, {@code views.open} and {@code users.info}. It keeps
 * every call as it arrived, answers as Slack does (200 with {@code "ok"}), refuses a wrong bearer
 * token with {@code invalid_auth}, and knows the users a test adds.
 */
public final class SlackStub implements AutoCloseable {
  /** One Web API call: the method, the Authorization header, the content type and the body. */
  public record Call(String method, String authorization, String contentType, String body) {
    /** The form-encoded body's fields, decoded. */
    public Map<String, String> form() {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        fields.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return fields;
    }
  }

  private final HttpServer server;
  private final String token;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final AtomicLong ts = new AtomicLong(1_700_000_000_000_100L);

  private SlackStub(HttpServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /** A stub that accepts {@code token} as the bot token. */
  public static SlackStub start(String token) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SlackStub stub = new SlackStub(server, token);
    server.createContext(
        "/api/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String method = exchange.getRequestURI().getPath().substring("/api/".length());
          Call call =
              new Call(
                  method,
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body);
          stub.calls.add(call);
          byte[] answer = stub.answer(call).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    return stub;
  }

  /** The Web API base URL to configure, ending in {@code /}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A person Slack knows; a null e-mail is a profile without one. */
  public void addUser(String userId, String email) {
    users.put(userId, email == null ? "" : email);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one method, in order. */
  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public void clear() {
    calls.clear();
  }

  private String answer(Call call) {
    if (!("Bearer " + token).equals(call.authorization())) {
      return "{\"ok\":false,\"error\":\"invalid_auth\"}";
    }
    Map<String, String> form = call.form();
    switch (call.method()) {
      case "chat.postMessage":
        return "{\"ok\":true,\"channel\":\""
            + form.get("channel")
            + "\",\"ts\":\""
            + nextTs()
            + "\",\"message\":{\"type\":\"message\"}}";
      case "chat.update":
        return "{\"ok\":true,\"channel\":\""
            + form.get("channel")
            + "\",\"ts\":\""
            + form.get("ts")
            + "\"}";
      case "chat.postEphemeral":
        return "{\"ok\":true,\"message_ts\":\"" + nextTs() + "\"}";
      case "views.open":
        return "{\"ok\":true,\"view\":{\"id\":\"V0001\",\"type\":\"modal\"}}";
      case "users.info":
        return user(form.get("user"));
      default:
        return "{\"ok\":false,\"error\":\"unknown_method\"}";
    }
  }

  private String user(String id) {
    String email = id == null ? null : users.get(id);
    if (email == null) {
      return "{\"ok\":false,\"error\":\"user_not_found\"}";
    }
    String profile = email.isEmpty() ? "{}" : "{\"email\":\"" + email + "\"}";
    return "{\"ok\":true,\"user\":{\"id\":\""
        + id
        + "\",\"name\":\"someone\",\"deleted\":false,\"is_bot\":false,\"profile\":"
        + profile
        + "}}";
  }

  private String nextTs() {
    long n = ts.incrementAndGet();
    return (n / 1_000_000) + "." + String.format("%06d", n % 1_000_000);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
