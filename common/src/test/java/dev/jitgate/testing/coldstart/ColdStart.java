package dev.jitgate.testing.coldstart;

import dev.jitgate.testing.coldstart.BenchSpec.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start of one variant: launches its command in a fresh process and returns the
 * milliseconds from the launch to its first response, then stops the process. A {@code lambda}
 * variant is served one event by the {@link FakeRuntimeApi}; an {@code http} variant is polled
 * every 5 ms until it listens on 127.0.0.1 and then sent one GET; a {@code marker} variant prints
 * {@code first-response-at=<epoch ms>} itself and exits.
 */
final class ColdStart {
  private static final Pattern MARKER = Pattern.compile("first-response-at=(\\d+)");
  private static final long TIMEOUT_MS = 60_000;

  private final FakeRuntimeApi runtimeApi;
  private final Path work;

  ColdStart(FakeRuntimeApi runtimeApi, Path work) {
    this.runtimeApi = runtimeApi;
    this.work = work;
  }

  /** The launch-to-first-response time, and the process's output files. */
  record Result(long millis, Path stdout, Path stderr) {}

  Result run(Variant variant, Map<String, String> extraEnv) throws IOException {
    int port = variant.kind().equals("http") ? freePort() : 0;
    List<String> command = new ArrayList<>();
    for (String arg : variant.command()) {
      command.add(arg.replace("{port}", Integer.toString(port)));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    if (variant.clearEnv()) {
      String path = env.get("PATH");
      String home = env.get("HOME");
      env.clear();
      env.put("PATH", path);
      env.put("HOME", home);
    }
    env.putAll(variant.env());
    env.putAll(extraEnv);
    Path stdout = work.resolve(variant.name().replaceAll("[^A-Za-z0-9]", "_") + ".out");
    Path stderr = stdout.resolveSibling(stdout.getFileName() + ".err");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    CompletableFuture<FakeRuntimeApi.Answer> answer =
        variant.kind().equals("lambda") ? prepareEvent(variant, env) : null;
    long startedMs = System.currentTimeMillis();
    long started = System.nanoTime();
    Process process = builder.start();
    try {
      long millis;
      switch (variant.kind()) {
        case "lambda":
          millis = awaitAnswer(variant, answer, process, started);
          break;
        case "http":
          millis = awaitHttp(variant, port, process, started);
          break;
        default:
          millis = awaitMarker(variant, process, stdout, startedMs);
      }
      return new Result(millis, stdout, stderr);
    } catch (IOException e) {
      stop(process);
      throw new IOException(e.getMessage() + "\n--- its standard error:\n" + tail(stderr), e);
    } finally {
      stop(process);
    }
  }

  private CompletableFuture<FakeRuntimeApi.Answer> prepareEvent(
      Variant variant, Map<String, String> env) throws IOException {
    runtimeApi.newGeneration();
    env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
    return runtimeApi.offer(Files.readString(Path.of(variant.event()), StandardCharsets.UTF_8));
  }

  private long awaitAnswer(
      Variant variant,
      CompletableFuture<FakeRuntimeApi.Answer> answer,
      Process process,
      long started)
      throws IOException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (true) {
      try {
        FakeRuntimeApi.Answer got = answer.get(20, TimeUnit.MILLISECONDS);
        if (got.error() || !got.body().contains(variant.expect())) {
          throw new IOException(variant.name() + ": unexpected answer: " + got.body());
        }
        return (got.nanos() - started) / 1_000_000;
      } catch (TimeoutException e) {
        if (!process.isAlive()) {
          throw new IOException(variant.name() + ": the runtime exited before answering");
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(variant.name() + ": no answer within " + TIMEOUT_MS + " ms");
        }
      } catch (ExecutionException e) {
        throw new IOException(variant.name() + ": " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private long awaitHttp(Variant variant, int port, Process process, long started)
      throws IOException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    while (true) {
      Socket socket = new Socket();
      try {
        socket.connect(address, 1000);
      } catch (IOException notYet) {
        socket.close();
        if (!process.isAlive()) {
          throw new IOException(variant.name() + ": exited before listening");
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(variant.name() + ": not listening within " + TIMEOUT_MS + " ms");
        }
        sleep(5);
        continue;
      }
      try (socket) {
        socket.setSoTimeout((int) TIMEOUT_MS);
        StringBuilder request = new StringBuilder();
        request.append("GET ").append(variant.path()).append(" HTTP/1.1\r\n");
        request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        variant
            .headers()
            .forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        int first = in.read();
        long responded = System.nanoTime();
        String response = (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!response.startsWith("HTTP/1.1 200") || !response.contains(variant.expect())) {
          throw new IOException(variant.name() + ": unexpected response: " + response);
        }
        return (responded - started) / 1_000_000;
      }
    }
  }

  private long awaitMarker(Variant variant, Process process, Path stdout, long startedMs)
      throws IOException {
    try {
      if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new IOException(variant.name() + ": did not exit within " + TIMEOUT_MS + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    Matcher marker = MARKER.matcher(out);
    if (process.exitValue() != 0 || !marker.find() || !out.contains(variant.expect())) {
      throw new IOException(variant.name() + ": exit " + process.exitValue() + ", output: " + out);
    }
    return Long.parseLong(marker.group(1)) - startedMs;
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
