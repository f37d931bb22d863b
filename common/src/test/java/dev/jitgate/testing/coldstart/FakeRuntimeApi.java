package dev.jitgate.testing.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small Lambda Runtime API on 127.0.0.1, enough for the runtime interface client: {@code
 * invocation/next} hands out the events offered, {@code invocation/<id>/response} and {@code
 * /error} complete them, and {@code init/error} fails every waiting one. Each {@link #offer}
 * belongs to a generation: a {@code next} call that arrived in an older generation (from a runtime
 * that was since stopped) never takes a newer generation's event.
 */
public final class FakeRuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /** What the runtime answered for one event; {@code nanos} is when the answer arrived. */
  public record Answer(boolean error, String body, long nanos) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Deque<Pending> events = new ArrayDeque<>();
  private final Map<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();
  private int generation;

  private record Pending(int generation, String event, CompletableFuture<Answer> answer) {}

  public FakeRuntimeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(threads);
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Starts a new generation: events not yet taken are dropped, and {@code next} calls waiting from
   * before are answered 410 Gone.
   */
  public synchronized void newGeneration() {
    generation++;
    events.forEach(p -> p.answer().cancel(false));
    events.clear();
    notifyAll();
  }

  /** Queues an event for the current generation; completes when the runtime answers it. */
  public synchronized CompletableFuture<Answer> offer(String eventJson) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    events.add(new Pending(generation, eventJson, answer));
    notifyAll();
    return answer;
  }

  private synchronized Pending take(int arrivedIn) throws InterruptedException {
    while (true) {
      if (generation != arrivedIn) {
        return null;
      }
      Pending next = events.pollFirst();
      if (next != null) {
        return next;
      }
      wait();
    }
  }

  private synchronized int generation() {
    return generation;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      byte[] body = readAll(exchange.getRequestBody());
      long arrived = System.nanoTime();
      if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
        next(exchange);
      } else if (path.startsWith("invocation/") && exchange.getRequestMethod().equals("POST")) {
        String[] parts = path.split("/");
        CompletableFuture<Answer> answer = parts.length == 3 ? inFlight.remove(parts[1]) : null;
        if (answer == null) {
          send(exchange, 404, "{\"errorMessage\":\"unknown request id\"}");
          return;
        }
        boolean error = parts[2].equals("error");
        answer.complete(new Answer(error, new String(body, StandardCharsets.UTF_8), arrived));
        send(exchange, 202, "{\"status\":\"OK\"}");
      } else if (path.equals("init/error")) {
        String message = new String(body, StandardCharsets.UTF_8);
        inFlight.values().forEach(a -> a.complete(new Answer(true, message, arrived)));
        synchronized (this) {
          events.forEach(p -> p.answer().complete(new Answer(true, message, arrived)));
        }
        send(exchange, 202, "{\"status\":\"OK\"}");
      } else {
        send(exchange, 404, "{\"errorMessage\":\"not a Runtime API path\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Pending pending;
    try {
      pending = take(generation());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (pending == null) {
      send(exchange, 410, "{\"errorMessage\":\"this runtime was stopped\"}");
      return;
    }
    String id = UUID.randomUUID().toString();
    inFlight.put(id, pending.answer());
    // The native client of RIC 2.9.0 crashes without these three headers (VERSIONS.md).
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", id);
    exchange
        .getResponseHeaders()
        .set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
    exchange
        .getResponseHeaders()
        .set(
            "Lambda-Runtime-Invoked-Function-Arn",
            "arn:aws:lambda:eu-west-1:123456789012:function:jitgate-bench");
    exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000");
    send(exchange, 200, pending.event());
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    newGeneration();
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
