package dev.jitgate.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runner as a separate JVM started from its command line, so that a test can kill it with
 * SIGKILL the way a crash would. It knows the runner only by its command line and its console: the
 * port comes from the banner line.
 */
final class ChildRunner implements AutoCloseable {
  private static final Pattern BANNER =
      Pattern.compile("jitgate local runner on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final List<String> notable = new ArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile int port = -1;

  private ChildRunner(Process process) {
    this.process = process;
    Thread out = new Thread(() -> drain(process.getInputStream(), true), "child-stdout");
    Thread err = new Thread(() -> drain(process.getErrorStream(), false), "child-stderr");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /** Starts {@code java -cp <test classpath> dev.jitgate.local.Main} and waits for its banner. */
  static ChildRunner start(Path policy, Path data, String sweepInterval) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire may put a manifest-only jar on java.class.path; it passes the real path here.
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classpath,
            "dev.jitgate.local.Main",
            "--port",
            "0",
            "--policy",
            policy.toString(),
            "--data",
            data.toString(),
            "--sweep-interval",
            sweepInterval);
    try {
      ChildRunner child = new ChildRunner(builder.start());
      if (!child.started.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        child.kill();
        throw new IllegalStateException(
            "the runner printed no banner within " + START_TIMEOUT + ": " + child.notable());
      }
      if (child.port < 0) {
        throw new IllegalStateException("the runner ended before listening: " + child.notable());
      }
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the console shows a line that {@code test} accepts; false on timeout. */
  boolean awaitLine(Predicate<String> test, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      synchronized (notable) {
        if (notable.stream().anyMatch(test)) {
          return true;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  List<String> notable() {
    synchronized (notable) {
      return List.copyOf(notable);
    }
  }

  private void drain(InputStream stream, boolean stdout) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher banner = BANNER.matcher(line);
        if (stdout && banner.find()) {
          port = Integer.parseInt(banner.group(1));
          started.countDown();
        }
        // Audit lines and mail summaries are many; keep the rest (sweeps, warnings, errors).
        if (!line.startsWith("{") && !line.startsWith("mail to ")) {
          synchronized (notable) {
            if (notable.size() < 500) {
              notable.add(line);
            }
          }
        }
      }
    } catch (IOException ignored) {
      // The process was killed: its pipes close under us.
    } finally {
      started.countDown();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
