package dev.jitgate.config;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.AuditSink;
import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.console.Console;
import dev.jitgate.console.ConsoleSetup;
import dev.jitgate.console.SessionSeal;
import dev.jitgate.console.SignIn;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.notify.DeferredNotifier;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.notify.SmtpNotifier;
import dev.jitgate.notify.WebhookNotifier;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.Notifier;
import dev.jitgate.port.PolicyLedger;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.ServiceSettings;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Assembles the service and the router from a platform's four parts (a store, its providers, an
 * authenticator, the notifiers it adds) and the cloud-neutral settings. A setting given here wins;
 * one that is not is read from the {@link #environment environment}: the policy, the signing keys,
 * the audit key, the base URL, the sign-in mode, SMTP mail and the webhooks' secrets. Building
 * opens no network connection: mail and webhook clients are built on their first use.
 */
public final class JitgateBuilder {
  /** No webhook receiver may hold up a request for longer. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  private final Clock clock;
  private Optional<Environment> env = Optional.empty();
  private ClassLoader resources = JitgateBuilder.class.getClassLoader();
  private Policy policy;
  private ApprovalTokens tokens;
  private AuditKey auditKey;
  private String baseUrl;
  private RequestStore store;
  private boolean sharedStore;
  private String nativeStoreName;
  private Supplier<RequestStore> nativeStore;
  private String deployment = "jitgate";
  private List<AccessProvider> providers = List.of();
  private Authenticator authenticator;
  private final Map<String, Function<ClaimsMapper, Authenticator>> frontDoors =
      new LinkedHashMap<>();
  private final List<Function<MessageComposer, Notifier>> notifiers = new ArrayList<>();
  private Optional<PlatformMail> platformMail = Optional.empty();
  private AuditSink audit = JsonLinesAuditSink.stdout();
  private ServiceSettings settings = ServiceSettings.DEFAULTS;
  private boolean settingsGiven;
  private Duration sweepTimeout = ServiceSettings.DEFAULT_SWEEP_TIMEOUT;
  private final List<Route> routes = new ArrayList<>();
  private Function<ConsoleSetup, SignIn> consoleSignIn;
  private Optional<Environment> chatEnv = Optional.empty();
  private Executor slackDecisions = Runnable::run;

  JitgateBuilder(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads every setting not given here from {@code env}, and adds SMTP mail and webhooks when it
   * configures them.
   *
   * @param resources the class loader of the package that may carry the policy
   */
  public JitgateBuilder environment(Environment env, ClassLoader resources) {
    this.env = Optional.of(env);
    this.resources = Objects.requireNonNull(resources, "resources");
    return this;
  }

  /**
   * Reads only what the policy's webhooks and {@code slack:} section need from {@code env}: their
   * secrets, and {@code JITGATE_SLACK_API_URL}. For a front end that gives every other setting
   * itself, such as the local runner; {@link #environment} implies it.
   */
  public JitgateBuilder chatEnvironment(Environment env) {
    this.chatEnv = Optional.of(Objects.requireNonNull(env, "env"));
    return this;
  }

  /**
   * Where Slack clicks are decided. The default, {@code Runnable::run}, decides before Slack gets
   * its answer, as a function must (a platform may freeze the instance once it has answered); a
   * long-running process passes a pool, so that Slack is answered at once.
   */
  public JitgateBuilder slackDecisions(Executor executor) {
    this.slackDecisions = Objects.requireNonNull(executor, "executor");
    return this;
  }

  public JitgateBuilder policy(Policy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  public JitgateBuilder tokens(ApprovalTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    return this;
  }

  /** The key that seals audit events; {@code JITGATE_AUDIT_KEY} unless given. */
  public JitgateBuilder auditKey(AuditKey auditKey) {
    this.auditKey = Objects.requireNonNull(auditKey, "auditKey");
    return this;
  }

  /** Where approval links point, such as {@code https://jit.example.com}. */
  public JitgateBuilder baseUrl(String baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    return this;
  }

  /** The store, used by this deployment alone. */
  public JitgateBuilder store(RequestStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.sharedStore = false;
    return this;
  }

  /**
   * A store that deployments on other clouds share: building checks that this deployment's policy
   * is the one the store last saw (see {@link #deployment}).
   */
  public JitgateBuilder sharedStore(RequestStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.sharedStore = true;
    return this;
  }

  /**
   * The platform's own store, used unless {@code JITGATE_STORE=postgresql} chooses the shared
   * PostgreSQL store; built only when chosen.
   */
  public JitgateBuilder nativeStore(String name, Supplier<RequestStore> store) {
    this.nativeStoreName = Objects.requireNonNull(name, "name");
    this.nativeStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * This deployment's name in a shared store's policy ledger, such as {@code aws}; {@code
   * JITGATE_DEPLOYMENT} wins when set.
   */
  public JitgateBuilder deployment(String name) {
    this.deployment = Objects.requireNonNull(name, "name");
    return this;
  }

  /** The providers of the grant kinds this deployment activates and revokes. */
  public JitgateBuilder providers(List<AccessProvider> providers) {
    this.providers = List.copyOf(providers);
    return this;
  }

  /** Signs callers in this way, instead of by {@code JITGATE_AUTH}. */
  public JitgateBuilder authenticator(Authenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return this;
  }

  /** A platform front door that {@code JITGATE_AUTH=<mode>} selects. */
  public JitgateBuilder frontDoor(
      String mode, Function<ClaimsMapper, Authenticator> authenticator) {
    frontDoors.put(mode, Objects.requireNonNull(authenticator, "authenticator"));
    return this;
  }

  /** A notifier the platform adds, built from the message composer of the base URL. */
  public JitgateBuilder notifier(Function<MessageComposer, Notifier> notifier) {
    notifiers.add(Objects.requireNonNull(notifier, "notifier"));
    return this;
  }

  /**
   * The platform's own mail service, selected by {@code JITGATE_MAIL=<mode>} and its default.
   *
   * @param mail builds the notifier from the sender and the composer, on first use
   */
  public JitgateBuilder platformMail(
      String mode, BiFunction<String, MessageComposer, Notifier> mail) {
    platformMail = Optional.of(new PlatformMail(mode, Objects.requireNonNull(mail, "mail")));
    return this;
  }

  /** Where audit events go as JSON lines; standard output unless set. */
  public JitgateBuilder audit(AuditSink audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
    return this;
  }

  /** The service's tuning; the sweep's settings are then not read from the environment. */
  public JitgateBuilder settings(ServiceSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.settingsGiven = true;
    return this;
  }

  /**
   * The platform's timeout for the sweep function, used unless {@code JITGATE_SWEEP_TIMEOUT} is
   * set: how long a sweep may run where the platform does not say how much time is left.
   */
  public JitgateBuilder sweepTimeout(Duration platformDefault) {
    this.sweepTimeout = Objects.requireNonNull(platformDefault, "platformDefault");
    return this;
  }

  /** An extra route, such as the local runner's view of its simulated clouds. */
  public JitgateBuilder route(
      String method, String path, Function<HttpRequest, HttpResponse> handler) {
    routes.add(new Route(method, path, handler));
    return this;
  }

  /**
   * Serves the web console with this sign-in, instead of the one {@code JITGATE_CONSOLE_SIGN_IN}
   * names; without it and without an environment, there is no console.
   */
  public JitgateBuilder consoleSignIn(Function<ConsoleSetup, SignIn> signIn) {
    this.consoleSignIn = Objects.requireNonNull(signIn, "signIn");
    return this;
  }

  /**
   * Builds it. Each setting fails alone with an error that names its variable.
   *
   * @throws IllegalStateException when a part is missing or a setting is unusable
   */
  public Jitgate build() {
    Policy policy = this.policy != null ? this.policy : PolicySetting.read(env(), resources);
    if (store == null && nativeStore != null) {
      StoreSetting.Choice choice = StoreSetting.read(env(), nativeStoreName, nativeStore);
      store = choice.store();
      sharedStore = choice.shared();
    }
    if (store == null) {
      throw new IllegalStateException("a request store is required");
    }
    AuditKey auditKey = this.auditKey != null ? this.auditKey : AuditKeySetting.read(env());
    if (sharedStore && store instanceof PolicyLedger ledger) {
      boolean takeOver =
          env.flatMap(e -> e.optional(PolicyGuard.TAKEOVER))
              .map("true"::equalsIgnoreCase)
              .orElse(false);
      String name = env.flatMap(e -> e.optional("JITGATE_DEPLOYMENT")).orElse(deployment);
      PolicyGuard.check(ledger, policy, auditKey, name, takeOver, clock);
    }
    ApprovalTokens tokens =
        this.tokens != null ? this.tokens : SigningKeysSetting.tokens(env(), clock);
    String publicUrl = baseUrl != null ? baseUrl : BaseUrlSetting.read(env());
    MessageComposer composer = new MessageComposer(publicUrl);
    Authenticator authenticator =
        this.authenticator != null
            ? this.authenticator
            : AuthSetting.read(env(), clock, frontDoors);
    Optional<Environment> chat = env.isPresent() ? env : chatEnv;
    if (policy.slack().isPresent() && chat.isEmpty()) {
      throw new IllegalStateException(
          "the policy has a slack: section, but the builder has no environment to read its"
              + " secrets from");
    }
    Optional<SlackSetting> slack =
        policy.slack().map(s -> SlackSetting.read(chat.orElseThrow(), s, clock));
    List<DeferredNotifier> deferred = new ArrayList<>();
    if (env.isPresent()) {
      deferred.addAll(mail(composer));
    }
    chat.ifPresent(e -> deferred.addAll(chat(policy, e, composer)));
    slack.ifPresent(s -> deferred.add(s.notifier()));
    List<Notifier> all = new ArrayList<>(deferred);
    notifiers.forEach(n -> all.add(n.apply(composer)));
    ServiceSettings tuning =
        env.isPresent() && !settingsGiven
            ? SweepSetting.read(env.get(), settings, sweepTimeout)
            : settings;
    AccessService service =
        new AccessService(
            store, () -> policy, providers, all, audit, auditKey, tokens, clock, tuning);
    Router router = new Router(service, authenticator, tokens);
    for (Route route : routes) {
      router = router.withRoute(route.method(), route.path(), route.handler());
    }
    ConsoleSetup setup =
        new ConsoleSetup(
            new SessionSeal(tokens.derivedKey("console session"), clock),
            basePath(publicUrl),
            clock);
    Optional<SignIn> signIn =
        consoleSignIn != null
            ? Optional.of(consoleSignIn.apply(setup))
            : env.isPresent()
                ? ConsoleSetting.read(env(), clock, setup, publicUrl, authenticator)
                : Optional.empty();
    if (signIn.isPresent()) {
      router =
          router.withConsole(
              new Console(service, signIn.get(), setup.seal(), setup.base(), clock)::handle);
    }
    if (slack.isPresent()) {
      router =
          router.withRoute(
              "POST", slack.get().path(), slack.get().interactions(service, slackDecisions));
    }
    return new Jitgate(policy, service, router, deferred);
  }

  /** The path of the public URL, without a trailing slash: "" for {@code https://jit.example}. */
  static String basePath(String publicUrl) {
    String path = java.net.URI.create(publicUrl).getRawPath();
    return path == null ? "" : path.replaceAll("/+$", "");
  }

  /** The mail notifier the environment configures, built on first use. */
  private List<DeferredNotifier> mail(MessageComposer composer) {
    Environment env = env();
    List<DeferredNotifier> built = new ArrayList<>();
    MailSetting mail =
        MailSetting.read(
            env,
            platformMail.map(PlatformMail::mode).orElse(MailSetting.NONE),
            platformMail.map(p -> Set.of(p.mode())).orElse(Set.of()));
    if (mail.smtp().isPresent()) {
      var smtp = mail.smtp().get();
      built.add(new DeferredNotifier("smtp", () -> new SmtpNotifier(smtp, composer, clock)));
    } else if (mail.from().isPresent()) {
      PlatformMail platform = platformMail.orElseThrow();
      String from = mail.from().get();
      built.add(new DeferredNotifier(platform.mode(), () -> platform.mail().apply(from, composer)));
    }
    return built;
  }

  /** The policy's webhooks, with their secrets from {@code env}, built on first use. */
  private List<DeferredNotifier> chat(Policy policy, Environment env, MessageComposer composer) {
    List<DeferredNotifier> built = new ArrayList<>();
    if (!policy.webhooks().isEmpty()) {
      Function<String, String> secrets = WebhookSecrets.read(env, policy);
      built.add(
          new DeferredNotifier(
              "webhook",
              () ->
                  new WebhookNotifier(
                      () -> policy,
                      secrets,
                      clock,
                      WEBHOOK_TIMEOUT,
                      Optional.of(composer.baseUrl()))));
    }
    return built;
  }

  private Environment env() {
    return env.orElseThrow(
        () ->
            new IllegalStateException(
                "give every setting to the builder, or the environment to read them from"));
  }

  private record Route(String method, String path, Function<HttpRequest, HttpResponse> handler) {}

  private record PlatformMail(String mode, BiFunction<String, MessageComposer, Notifier> mail) {}
}
