package dev.jitgate.gcp;

import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.http.Router;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The composition root of the Google Cloud functions: the Firestore store and the IAM binding and
 * service-account token providers, handed to the common {@link dev.jitgate.config.JitgateBuilder},
 * which reads every cloud-neutral setting. Both functions take the same environment; {@code
 * README.md} ("Deploy on Google Cloud") lists it. The signing and audit keys arrive as secret
 * environment variables mounted from Secret Manager. Nothing here opens a connection.
 */
public final class GcpWiring {
  /** {@code JITGATE_AUTH} for Identity-Aware Proxy's signed header. */
  public static final String IAP_AUTH = "iap";

  /** {@code JITGATE_STORE} for Firestore, the default. */
  public static final String NATIVE_STORE = "firestore";

  private static GcpWiring instance;

  private final Clock clock;
  private final Jitgate jitgate;
  private final Environment env;
  private SchedulerCaller schedulerCaller;

  /**
   * A root on the providers given, for embedding and tests; a function instance uses {@link
   * #instance()}. Every cloud-neutral setting, and the choice of store, still comes from {@code
   * env}.
   *
   * @param firestore the Firestore store, built only when {@code JITGATE_STORE} does not choose the
   *     shared PostgreSQL store
   */
  /**
   * Cloud Run functions' default timeout, used unless {@code JITGATE_SWEEP_TIMEOUT} gives the sweep
   * function's own.
   */
  static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(60);

  public GcpWiring(
      Environment env,
      Clock clock,
      Supplier<RequestStore> firestore,
      List<AccessProvider> providers) {
    this.env = env;
    this.clock = clock;
    this.jitgate =
        Jitgate.builder(clock)
            .environment(env, GcpWiring.class.getClassLoader())
            .nativeStore(NATIVE_STORE, firestore)
            .deployment("gcp")
            .sweepTimeout(SWEEP_TIMEOUT)
            .providers(providers)
            .frontDoor(IAP_AUTH, claims -> IapFrontDoor.authenticator(env, claims, clock))
            .build();
  }

  /**
   * The root of this function instance, built from its environment on first use. A failed start is
   * not cached: the next call tries again and reports the same clear error.
   */
  public static synchronized GcpWiring instance() {
    if (instance == null) {
      instance = fromEnvironment(Environment.system(), Clock.systemUTC());
    }
    return instance;
  }

  /** The Firestore store and the Google Cloud providers, configured by {@code env}. */
  static GcpWiring fromEnvironment(Environment env, Clock clock) {
    GcpClients clients = GcpClients.fromEnvironment(env);
    return new GcpWiring(env, clock, clients::store, clients.providers(clock));
  }

  public Router router() {
    return jitgate.router();
  }

  public AccessService service() {
    return jitgate.service();
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Who may run the sweep: built on first use, so that the API function needs none of the sweep's
   * settings.
   */
  public synchronized SchedulerCaller schedulerCaller() {
    if (schedulerCaller == null) {
      schedulerCaller = SchedulerCaller.fromEnvironment(env, clock);
    }
    return schedulerCaller;
  }
}
