package dev.jitgate.gcp;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Google's Functions Framework invoker in a child JVM, started as the Java runtime of Cloud Run
 * functions starts it: {@code java -cp <invoker> Invoker --classpath <function jar> --target
 * <class> --port <port>}, with only the environment given. The invoker's jar is self-contained (it
 * carries the Functions Framework API, Jetty and its other dependencies), and it loads the function
 * jar in a class loader that sees only that API from its own.
 *
 * <p>The invoker binds every address and has no option or variable to choose one (it reads only the
 * port), so this child listens on all interfaces, on a free port picked at random, while the test
 * runs; the tests talk to it on 127.0.0.1 only.
 */
final class InvokerProcess implements AutoCloseable {
  static final String MAIN = "com.google.cloud.functions.invoker.runner.Invoker";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(50);

  private final Process process;
  private final int port;
  private final Path log;

  private InvokerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The invoker's jar on this test's classpath, which Maven resolved. */
  static Path invokerJar() {
    try {
      return Path.of(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the invoker's jar has no file path", e);
    }
  }

  /**
   * Starts the invoker serving {@code target} from {@code functionJar}, its output going to {@code
   * log}, and returns once it accepts connections: only after the function's constructor ran.
   *
   * @throws IllegalStateException when it exits or does not listen within 90 s, with its output
   */
  static InvokerProcess start(Path functionJar, String target, Map<String, String> env, Path log)
      throws IOException {
    int port = freePort();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            invokerJar().toString(),
            MAIN,
            "--classpath",
            functionJar.toAbsolutePath().toString(),
            "--target",
            target,
            "--port",
            Integer.toString(port));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    InvokerProcess invoker = new InvokerProcess(builder.start(), port, log);
    try {
      invoker.awaitListening();
    } catch (RuntimeException e) {
      invoker.close();
      throw e;
    }
    return invoker;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** What the invoker and the function printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the invoker exited with " + process.exitValue() + " before listening:\n" + output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) POLL.toMillis());
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    throw new IllegalStateException(
        "the invoker did not listen on port "
            + port
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s:\n"
            + output());
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the invoker", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
