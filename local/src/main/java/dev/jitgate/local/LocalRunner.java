package dev.jitgate.local;

import com.sun.net.httpserver.HttpServer;
import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.auth.DevHeaderAuthenticator;
import dev.jitgate.config.Jitgate;
import dev.jitgate.http.Router;
import dev.jitgate.notify.OutboxNotifier;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.SweepReport;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.token.ApprovalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole of jitgate in one process: the router on a JDK HTTP server bound to 127.0.0.1, the H2
 * file store and the outbox in the data folder, simulated providers for every grant kind, and the
 * sweep on a timer. Only this runner wires in the development-header authenticator.
 */
final class LocalRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalRunner.class.getName());

  private final HttpServer server;
  private final ExecutorService requests;
  private final ScheduledExecutorService sweeper;
  private final JdbcRequestStore store;
  private final AccessService service;
  private final SimulatedCloud cloud;
  private final Clock clock;
  private final PrintStream console;
  private final String baseUrl;

  private LocalRunner(LocalSettings settings, Policy policy, Clock clock, PrintStream console)
      throws IOException {
    this.clock = clock;
    this.console = console;
    Path data = Files.createDirectories(settings.data());
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
    this.baseUrl = settings.linkBase(server.getAddress().getPort());
    this.store = JdbcStores.h2File(data);
    this.cloud = new SimulatedCloud(data);
    Jitgate jitgate =
        Jitgate.builder(clock)
            .policy(policy)
            .tokens(
                new ApprovalTokens(
                    List.of(KeyFiles.signingKey(data)), KeyFiles.SIGNING_KEY_ID, clock))
            .auditKey(KeyFiles.auditKey(data))
            .baseUrl(baseUrl)
            .store(store)
            .providers(cloud.providers())
            .authenticator(new DevHeaderAuthenticator())
            .notifier(
                composer ->
                    new OutboxNotifier(
                        data.resolve("outbox"),
                        "jitgate@localhost",
                        composer,
                        clock,
                        console::println))
            .audit(new JsonLinesAuditSink(console))
            .route("GET", "/local/grants", cloud::list)
            .build();
    this.service = jitgate.service();
    Router router = jitgate.router();
    this.requests = Executors.newFixedThreadPool(8);
    server.setExecutor(requests);
    server.createContext("/", new ExchangeAdapter(router));
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jitgate-sweep");
              t.setDaemon(true);
              return t;
            });
    // The H2 file is locked to this process, so nothing else is activating at start: what a crash
    // left half-done is finished or revoked at once, before the first regular sweep.
    sweeper.execute(this::recoverQuietly);
    long every = settings.sweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts a runner; the policy must be valid ({@link dev.jitgate.policy.PolicyException}). */
  static LocalRunner start(
      LocalSettings settings, Policy policy, Clock clock, PrintStream console) {
    try {
      LocalRunner runner = new LocalRunner(settings, policy, clock, console);
      runner.server.start();
      return runner;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:" + settings.port() + " (" + e.getMessage() + ")", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String baseUrl() {
    return baseUrl;
  }

  SimulatedCloud cloud() {
    return cloud;
  }

  /** Runs the sweep now, as the timer does. */
  SweepReport sweepNow() {
    SweepReport report = service.sweep(clock.instant());
    if (report.changes() > 0) {
      console.println("sweep: " + describe(report));
    }
    return report;
  }

  /** The sweep at start; it reports even when there was nothing to do. */
  SweepReport recoverNow() {
    SweepReport report = service.recover(clock.instant());
    console.println(
        "startup sweep: " + (report.changes() == 0 ? "nothing to recover" : describe(report)));
    return report;
  }

  /** The sweep's non-zero counts, such as {@code expired=1, activated=2}. */
  private static String describe(SweepReport r) {
    List<String> parts = new ArrayList<>();
    r.counts()
        .forEach(
            (name, count) -> {
              if (count > 0 && !name.equals("changes")) {
                parts.add(name + "=" + count);
              }
            });
    return String.join(", ", parts);
  }

  private void recoverQuietly() {
    try {
      recoverNow();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the startup sweep failed; the regular sweep takes over", e);
    }
  }

  private void sweepQuietly() {
    try {
      sweepNow();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the sweep failed and runs again at its next interval", e);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    server.stop(0);
    requests.shutdownNow();
    store.close();
  }
}
