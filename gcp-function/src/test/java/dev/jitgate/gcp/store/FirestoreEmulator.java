package dev.jitgate.gcp.store;

import com.google.cloud.firestore.Firestore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Google's Firestore emulator in a child process on a free loopback port: started by {@link
 * #start()}, ready once it prints {@value #READY}, and stopped, with the JVM its launcher script
 * starts, by {@link #close()}. A missing emulator fails the test with the line that installs it.
 */
public final class FirestoreEmulator implements AutoCloseable {

  /** Where the Debian package {@code google-cloud-cli-firestore-emulator} puts its launcher. */
  static final Path DEFAULT_LAUNCHER =
      Path.of(
          "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator");

  /** Names another launcher, for an SDK installed elsewhere. */
  static final String LAUNCHER_VARIABLE = "JITGATE_FIRESTORE_EMULATOR";

  static final String READY = "Dev App Server is now running";

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final int START_ATTEMPTS = 3;
  private static final int OUTPUT_LINES_KEPT = 40;

  private final Process process;
  private final int port;
  private final Deque<String> output;
  private final Thread shutdownHook;

  private FirestoreEmulator(Process process, int port, Deque<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.shutdownHook = new Thread(this::stop, "firestore-emulator-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the emulator named by {@value #LAUNCHER_VARIABLE}, or the Debian package's. */
  public static FirestoreEmulator start() {
    String configured = System.getenv(LAUNCHER_VARIABLE);
    return start(
        configured == null || configured.isBlank() ? DEFAULT_LAUNCHER : Path.of(configured));
  }

  /**
   * Starts the emulator whose launcher script is {@code launcher}, trying another port when the one
   * picked was taken meanwhile.
   *
   * @throws AssertionError when the launcher is missing, saying how to install it
   * @throws IllegalStateException when the emulator does not start
   */
  static FirestoreEmulator start(Path launcher) {
    if (!Files.isExecutable(launcher)) {
      throw new AssertionError(missing(launcher));
    }
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(launcher, freePort());
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The message for a missing emulator: what is missing and the command that installs it. */
  static String missing(Path launcher) {
    return "The Firestore emulator is not installed: "
        + launcher
        + " is missing or not executable. The store tests need Google's emulator, from the"
        + " Debian package google-cloud-cli-firestore-emulator in Google Cloud's apt source"
        + " (deb https://packages.cloud.google.com/apt cloud-sdk main). Install it with:\n"
        + "  sudo apt-get install google-cloud-cli-firestore-emulator\n"
        + "or set "
        + LAUNCHER_VARIABLE
        + " to the path of its cloud_firestore_emulator script.";
  }

  /** {@code 127.0.0.1:<port>}, as the client's emulator host. */
  public String hostAndPort() {
    return HOST + ":" + port;
  }

  String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** A client for {@code projectId} on this emulator; each test class uses its own project. */
  public Firestore client(String projectId) {
    return FirestoreClients.openEmulator(
        hostAndPort(), projectId, FirestoreClients.DEFAULT_DATABASE);
  }

  /** The launcher's process and its descendants (the emulator's JVM), while they run. */
  List<ProcessHandle> processes() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down, and the hook is running or ran.
    }
  }

  private void stop() {
    // The launcher is a bash script that runs java as its child without exec: stopping the script
    // alone would leave the emulator's JVM running.
    List<ProcessHandle> all = processes();
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    for (ProcessHandle p : all) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  private static FirestoreEmulator startOnce(Path launcher, int port) {
    Process process;
    try {
      process =
          new ProcessBuilder(launcher.toString(), "start", "--host=" + HOST, "--port=" + port)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("the Firestore emulator could not be run: " + launcher, e);
    }
    Deque<String> output = new ArrayDeque<>();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(() -> drain(process, output, ready), "firestore-emulator-output-" + port);
    reader.setDaemon(true);
    reader.start();
    FirestoreEmulator emulator = new FirestoreEmulator(process, port, output);
    boolean started;
    try {
      started = ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started = false;
    }
    if (!started) {
      emulator.close();
      throw new IllegalStateException(
          "the Firestore emulator did not start on port "
              + port
              + " within "
              + START_TIMEOUT.toSeconds()
              + " s; its last output:\n"
              + emulator.lastOutput());
    }
    return emulator;
  }

  /** Reads the emulator's output to its end, keeping the last lines, so that it never blocks. */
  private static void drain(Process process, Deque<String> output, CountDownLatch ready) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          output.addLast(line);
          if (output.size() > OUTPUT_LINES_KEPT) {
            output.removeFirst();
          }
        }
        if (line.contains(READY)) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // The process ended; what it printed is kept.
    } finally {
      // Wake the starter when the process ends without becoming ready.
      ready.countDown();
    }
  }

  private String lastOutput() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port for the Firestore emulator", e);
    }
  }
}
