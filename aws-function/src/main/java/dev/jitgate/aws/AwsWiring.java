package dev.jitgate.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.aws.handler.ApiGatewayJwtAuthenticator;
import dev.jitgate.aws.notify.DeferredNotifier;
import dev.jitgate.aws.notify.SesNotifier;
import dev.jitgate.http.Router;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.notify.SmtpNotifier;
import dev.jitgate.notify.SmtpSettings;
import dev.jitgate.notify.WebhookNotifier;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.ServiceSettings;
import dev.jitgate.token.ApprovalTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.crac.Core;

/**
 * The composition root of the AWS functions: builds the store, providers, notifiers, authenticator,
 * service and router once per function instance, from these environment variables. Both functions
 * (API and sweep) take the same ones. Nothing here opens a network connection.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>required</th><th>meaning</th></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>set by Lambda</td><td>the region of every AWS client</td></tr>
 *   <tr><td>{@code JITGATE_TABLE}</td><td>yes</td><td>the DynamoDB table of requests</td></tr>
 *   <tr><td>{@code JITGATE_POLICY}</td><td>no</td><td>the policy file: a path (relative paths
 *       start at {@code /var/task}, where Lambda unpacks the package) or a classpath resource;
 *       default {@code policy.yaml}</td></tr>
 *   <tr><td>{@code JITGATE_BASE_URL}</td><td>yes</td><td>the public URL approval links start with:
 *       the function URL, or the API's URL including a named stage</td></tr>
 *   <tr><td>{@code JITGATE_SIGNING_KEYS}</td><td>yes</td><td>approval-link keys, {@code
 *       {"active":"k2","keys":{"k1":"<base64>","k2":"<base64>"}}}, each at least 32 bytes; deployed
 *       from the Secrets Manager secret</td></tr>
 *   <tr><td>{@code JITGATE_AUTH}</td><td>no</td><td>{@code oidc} (default): check the bearer ID
 *       token against the provider's JWKS; {@code apigateway-jwt}: trust the claims of API
 *       Gateway's JWT authorizer</td></tr>
 *   <tr><td>{@code JITGATE_OIDC_ISSUER}, {@code JITGATE_OIDC_AUDIENCE}, {@code
 *       JITGATE_OIDC_JWKS_URI}</td><td>with {@code oidc}</td><td>the identity provider's issuer,
 *       the client id tokens are issued to, and its JWKS URL</td></tr>
 *   <tr><td>{@code JITGATE_OIDC_EMAIL_CLAIM}, {@code JITGATE_OIDC_GROUPS_CLAIM}</td><td>no</td>
 *       <td>the claims holding the e-mail address and the groups; default {@code email} and
 *       {@code groups}; used by both modes</td></tr>
 *   <tr><td>{@code JITGATE_MAIL}</td><td>no</td><td>{@code ses} (default), {@code smtp} or {@code
 *       none}</td></tr>
 *   <tr><td>{@code JITGATE_MAIL_FROM}</td><td>with mail</td><td>the sender; for SES, a verified
 *       identity</td></tr>
 *   <tr><td>{@code JITGATE_SMTP_HOST}, {@code JITGATE_SMTP_PORT}, {@code JITGATE_SMTP_TLS},
 *       {@code JITGATE_SMTP_USERNAME}, {@code JITGATE_SMTP_PASSWORD}</td><td>host with {@code
 *       smtp}</td><td>the SMTP server; port default 587; TLS {@code starttls-required} (default),
 *       {@code starttls}, {@code implicit} or {@code none}; login optional</td></tr>
 *   <tr><td>{@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}</td><td>no</td><td>
 *       endpoint overrides, for tests against local servers only</td></tr>
 * </table>
 *
 * <p>A webhook in the policy may name a further variable in {@code secretEnv}.
 */
public final class AwsWiring {
  /** The one JSON mapper of the AWS module. */
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No webhook receiver may hold up a request for longer. */
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  private static AwsWiring instance;

  private final Clock clock;
  private final Policy policy;
  private final AccessService service;
  private final Router router;
  private final SnapStartPriming priming;

  /**
   * @param stores builds the request store from the clients
   * @param providers builds the access providers from the clients
   */
  AwsWiring(
      Environment env,
      Clock clock,
      AwsClients clients,
      Function<AwsClients, RequestStore> stores,
      Function<AwsClients, List<AccessProvider>> providers) {
    this.clock = clock;
    this.policy = policy(env);
    ApprovalTokens tokens = SigningKeysSetting.tokens(env, JSON, clock);
    MessageComposer composer =
        new MessageComposer(
            env.required("JITGATE_BASE_URL", "the public URL that approval links start with"));
    List<DeferredNotifier> notifiers = notifiers(env, clients, composer);
    this.service =
        new AccessService(
            stores.apply(clients),
            () -> policy,
            providers.apply(clients),
            List.copyOf(notifiers),
            JsonLinesAuditSink.stdout(),
            tokens,
            clock,
            ServiceSettings.DEFAULTS);
    this.router = new Router(service, authenticator(env, clock), tokens);
    this.priming = new SnapStartPriming(router, policy, notifiers);
  }

  /**
   * The root of this function instance, built from the process environment on first use, with its
   * SnapStart priming registered.
   */
  public static synchronized AwsWiring instance() {
    if (instance == null) {
      AwsWiring wiring = fromEnvironment(Environment.system(), Clock.systemUTC());
      // The global context holds resources weakly; this root keeps its priming alive.
      Core.getGlobalContext().register(wiring.priming);
      instance = wiring;
    }
    return instance;
  }

  /** A root with the DynamoDB store and the AWS providers, configured by {@code env}. */
  static AwsWiring fromEnvironment(Environment env, Clock clock) {
    return new AwsWiring(
        env,
        clock,
        AwsClients.fromEnvironment(env),
        clients -> AwsStores.fromEnvironment(clients, env),
        clients -> AwsProviders.fromEnvironment(clients, clock));
  }

  public Router router() {
    return router;
  }

  public AccessService service() {
    return service;
  }

  public Clock clock() {
    return clock;
  }

  Policy policy() {
    return policy;
  }

  SnapStartPriming priming() {
    return priming;
  }

  /** {@code value} as one line of JSON, for the functions' structured log lines. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON", e);
    }
  }

  static Policy policy(Environment env) {
    String name = env.get("JITGATE_POLICY", "policy.yaml");
    try {
      Path file = Path.of(name);
      if (Files.isRegularFile(file)) {
        return Policy.load(file);
      }
    } catch (InvalidPathException e) {
      // Not a path on this system: it may still name a classpath resource.
    }
    String resource = name.startsWith("/") ? name.substring(1) : name;
    try (InputStream in = AwsWiring.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        return Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the policy " + resource + " from the package", e);
    }
    throw env.invalid(
        "JITGATE_POLICY",
        "names no policy: "
            + name
            + " is neither a file (relative paths start at the working directory, /var/task on"
            + " Lambda) nor a resource in the package");
  }

  private static Authenticator authenticator(Environment env, Clock clock) {
    String emailClaim = env.get("JITGATE_OIDC_EMAIL_CLAIM", OidcSettings.DEFAULT_EMAIL_CLAIM);
    String groupsClaim = env.get("JITGATE_OIDC_GROUPS_CLAIM", OidcSettings.DEFAULT_GROUPS_CLAIM);
    String mode = env.get("JITGATE_AUTH", "oidc").toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "apigateway-jwt" -> new ApiGatewayJwtAuthenticator(emailClaim, groupsClaim);
      case "oidc" -> {
        OidcSettings settings =
            new OidcSettings(
                uri(env, "JITGATE_OIDC_ISSUER", "the OIDC issuer URL"),
                env.required("JITGATE_OIDC_AUDIENCE", "the OIDC client id that tokens are for"),
                uri(env, "JITGATE_OIDC_JWKS_URI", "the OIDC provider's JWKS URL"),
                emailClaim,
                groupsClaim,
                null);
        yield new OidcAuthenticator(settings, clock);
      }
      default -> throw env.invalid("JITGATE_AUTH", "must be oidc or apigateway-jwt");
    };
  }

  /**
   * The mail and webhook notifiers, each built on its first use: their clients cost a cold start
   * that reads never need. Settings are checked now all the same.
   */
  private List<DeferredNotifier> notifiers(
      Environment env, AwsClients clients, MessageComposer composer) {
    List<DeferredNotifier> notifiers = new ArrayList<>();
    mail(env, clients, composer).ifPresent(notifiers::add);
    if (!policy.webhooks().isEmpty()) {
      notifiers.add(
          new DeferredNotifier(
              "webhook",
              () -> new WebhookNotifier(() -> policy, env.lookup(), clock, WEBHOOK_TIMEOUT)));
    }
    return notifiers;
  }

  private Optional<DeferredNotifier> mail(
      Environment env, AwsClients clients, MessageComposer composer) {
    String mode = env.get("JITGATE_MAIL", "ses").toLowerCase(Locale.ROOT);
    if (mode.equals("none")) {
      return Optional.empty();
    }
    if (!mode.equals("ses") && !mode.equals("smtp")) {
      throw env.invalid("JITGATE_MAIL", "must be ses, smtp or none");
    }
    String from = env.required("JITGATE_MAIL_FROM", "the address jitgate sends mail from");
    if (mode.equals("ses")) {
      return Optional.of(
          new DeferredNotifier("ses", () -> new SesNotifier(clients.sesV2(), from, composer)));
    }
    SmtpSettings smtp = smtp(env, from);
    return Optional.of(new DeferredNotifier("smtp", () -> new SmtpNotifier(smtp, composer, clock)));
  }

  private static SmtpSettings smtp(Environment env, String from) {
    String host = env.required("JITGATE_SMTP_HOST", "the SMTP server's host name");
    int port;
    try {
      port = Integer.parseInt(env.get("JITGATE_SMTP_PORT", "587"));
    } catch (NumberFormatException e) {
      throw env.invalid("JITGATE_SMTP_PORT", "must be a port number");
    }
    SmtpSettings.Tls tls =
        switch (env.get("JITGATE_SMTP_TLS", "starttls-required").toLowerCase(Locale.ROOT)) {
          case "starttls-required" -> SmtpSettings.Tls.STARTTLS_REQUIRED;
          case "starttls" -> SmtpSettings.Tls.STARTTLS_IF_OFFERED;
          case "implicit" -> SmtpSettings.Tls.IMPLICIT;
          case "none" -> SmtpSettings.Tls.NONE;
          default ->
              throw env.invalid(
                  "JITGATE_SMTP_TLS", "must be starttls-required, starttls, implicit or none");
        };
    SmtpSettings settings = SmtpSettings.of(host, port, from, tls);
    Optional<String> user = env.optional("JITGATE_SMTP_USERNAME");
    Optional<String> password = env.optional("JITGATE_SMTP_PASSWORD");
    if (user.isPresent() != password.isPresent()) {
      throw new IllegalStateException(
          "set both JITGATE_SMTP_USERNAME and JITGATE_SMTP_PASSWORD for an SMTP login, or neither");
    }
    return user.isPresent() ? settings.withLogin(user.get(), password.get()) : settings;
  }

  private static URI uri(Environment env, String name, String what) {
    try {
      return new URI(env.required(name, what));
    } catch (URISyntaxException e) {
      throw env.invalid(name, "must be a URL");
    }
  }
}
