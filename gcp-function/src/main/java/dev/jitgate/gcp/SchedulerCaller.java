package dev.jitgate.gcp;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.auth.OidcAuthenticator;
import dev.jitgate.auth.OidcSettings;
import dev.jitgate.config.Environment;
import dev.jitgate.config.Urls;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a call to the sweep comes from Cloud Scheduler: its Google-signed OIDC token must
 * verify against Google's keys, be for the sweep's own URL, and name the scheduler's service
 * account as a verified e-mail. Anyone else is refused, so nobody can make the sweep run.
 */
public final class SchedulerCaller {
  public static final String AUDIENCE = "JITGATE_SWEEP_AUDIENCE";
  public static final String INVOKER = "JITGATE_SWEEP_INVOKER";

  /** For tests against a loopback key server only; Google's keys otherwise. */
  static final String KEYS = "JITGATE_SWEEP_JWKS_URI";

  /** https://cloud.google.com/scheduler/docs/http-target-auth: Google's ID tokens. */
  static final URI GOOGLE_ISSUER = URI.create("https://accounts.google.com");

  static final URI GOOGLE_KEYS = URI.create("https://www.googleapis.com/oauth2/v3/certs");

  private final Authenticator tokens;
  private final UserId invoker;

  public SchedulerCaller(Authenticator tokens, UserId invoker) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
  }

  /**
   * The sweep's caller rule from {@code JITGATE_SWEEP_AUDIENCE} and {@code JITGATE_SWEEP_INVOKER}.
   */
  public static SchedulerCaller fromEnvironment(Environment env, Clock clock) {
    String audience =
        Urls.required(
                env, AUDIENCE, "the sweep function's URL, the audience of the scheduler's token")
            .toString();
    String invoker = env.required(INVOKER, "the e-mail of Cloud Scheduler's service account");
    if (!UserId.isValid(invoker)) {
      throw env.invalid(INVOKER, "must be a service account's e-mail address");
    }
    URI keys = env.optional(KEYS).map(URI::create).orElse(GOOGLE_KEYS);
    OidcSettings settings = OidcSettings.of(GOOGLE_ISSUER, audience, keys);
    ClaimsMapper claims =
        new ClaimsMapper(
            new ClaimsMapper.Identity.VerifiedEmail(), ClaimsMapper.DEFAULT_GROUPS_CLAIM);
    return new SchedulerCaller(new OidcAuthenticator(settings, claims, clock), new UserId(invoker));
  }

  /** Empty when the scheduler called; otherwise the 401 or 403 to answer. */
  public Optional<HttpResponse> refusal(HttpRequest request) {
    Caller caller;
    try {
      caller = tokens.authenticate(request);
    } catch (UnauthenticatedException e) {
      return Optional.of(Router.error(401, "unauthenticated", e.getMessage()));
    }
    if (!caller.email().equals(invoker)) {
      return Optional.of(
          Router.error(
              403, "forbidden", "only Cloud Scheduler's service account may run the sweep"));
    }
    return Optional.empty();
  }
}
