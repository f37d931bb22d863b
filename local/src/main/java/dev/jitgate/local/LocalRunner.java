package dev.jitgate.local;

import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.auth.DevHeaderAuthenticator;
import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.console.Cookies;
import dev.jitgate.console.DevSignIn;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The whole of jitgate in one process: the router on a Jetty server bound to 127.0.0.1, the H2 file
 * store and the outbox in the data folder, simulated providers for every grant kind, and the sweep
 * on a timer. Only this runner wires in the development-header authenticator.
 */
final class LocalRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalRunner.class.getName());

  /** Worker threads; bodies are read asynchronously, so a slow client holds none of them. */
  static final int MAX_THREADS = 16;

  /** Connections beyond this wait in the accept queue, so the queue of work stays bounded. */
  static final int MAX_CONNECTIONS = 256;

  /** A connection with no bytes moving for this long is closed (a read timeout, mid-body too). */
  static final long IDLE_TIMEOUT_MS = 10_000;

  /** The request line and headers together. */
  static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

  /**
   * The console's cookie here: Chromium treats http://127.0.0.1 as a secure context and keeps a
   * {@code __Host-} {@code Secure} cookie from it, so the runner uses the deployed cookie as is.
   */
  static final Cookies DEV_COOKIE = Cookies.DEPLOYED;

  /** How long a development sign-in lasts. */
  static final Duration DEV_SESSION = Duration.ofHours(8);

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService sweeper;
  private final ExecutorService slackDecisions;
  private final JdbcRequestStore store;
  private final AccessService service;
  private final SimulatedCloud cloud;
  private final Clock clock;
  private final PrintStream console;
  private final String baseUrl;

  private LocalRunner(
      LocalSettings settings, Policy policy, Clock clock, PrintStream console, Environment env)
      throws IOException {
    this.clock = clock;
    this.console = console;
    Path data = Files.createDirectories(settings.data());
    this.server = jetty();
    this.connector = connector(server, settings.port());
    try {
      // Opened now so that --port 0 gives the real port to the approval links.
      connector.open();
    } catch (IOException e) {
      server.destroy();
      throw e;
    }
    this.baseUrl = settings.linkBase(connector.getLocalPort());
    this.store = JdbcStores.h2File(data);
    this.cloud = new SimulatedCloud(data);
    // Slack wants its answer within 3 seconds: the runner answers at once and decides here.
    this.slackDecisions =
        new ThreadPoolExecutor(
            1,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "jitgate-slack");
              t.setDaemon(true);
              return t;
            });
    Jitgate jitgate;
    try {
      jitgate =
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
              // The policy's webhooks and Slack app, with their secrets from this process's
              // environment; mail stays in the outbox.
              .chatEnvironment(env)
              .slackDecisions(slackDecisions)
              .audit(new JsonLinesAuditSink(console))
              .route("GET", "/local/grants", cloud::list)
              .consoleSignIn(setup -> new DevSignIn(setup, DEV_COOKIE, DEV_SESSION, policy::people))
              .build();
    } catch (RuntimeException e) {
      // A setting the build refused, such as a secret missing from the environment: give back the
      // port and the store before saying so.
      connector.close();
      server.destroy();
      store.close();
      throw e;
    }
    this.service = jitgate.service();
    Router router = jitgate.router();
    // SizeLimitHandler fails a read past 64 KiB with 413, chunked bodies included.
    SizeLimitHandler limit = new SizeLimitHandler(Router.MAX_BODY_BYTES, -1);
    limit.setHandler(new RequestAdapter(router));
    server.setHandler(limit);
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

  private static Server jetty() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
    pool.setName("jitgate-http");
    Server server = new Server(pool);
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(2_000);
    return server;
  }

  private static ServerConnector connector(Server server, int port) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setResponseHeaderSize(MAX_REQUEST_HEADER_BYTES);
    http.setIdleTimeout(IDLE_TIMEOUT_MS);
    // One acceptor and one selector are plenty on loopback and leave the pool to the requests.
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    return connector;
  }

  /** Starts a runner; the policy must be valid ({@link dev.jitgate.policy.PolicyException}). */
  static LocalRunner start(
      LocalSettings settings, Policy policy, Clock clock, PrintStream console) {
    return start(settings, policy, clock, console, Environment.system());
  }

  /**
   * Starts a runner that reads the secrets of the policy's webhooks and Slack app, and {@code
   * JITGATE_SLACK_API_URL}, from {@code env}.
   */
  static LocalRunner start(
      LocalSettings settings, Policy policy, Clock clock, PrintStream console, Environment env) {
    try {
      LocalRunner runner = new LocalRunner(settings, policy, clock, console, env);
      try {
        runner.server.start();
      } catch (Exception e) {
        runner.close();
        throw new IllegalStateException("the HTTP server did not start", e);
      }
      return runner;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:" + settings.port() + " (" + e.getMessage() + ")", e);
    }
  }

  int port() {
    return connector.getLocalPort();
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
    slackDecisions.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "the HTTP server did not stop cleanly", e);
    }
    store.close();
  }
}
