package dev.jitgate.slack;

import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.policy.SlackIntegration;
import dev.jitgate.port.Notifier;
import dev.jitgate.service.AccessService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Slack integration's parts, built from the policy's {@code slack:} section and its two
 * secrets: the notifier that posts and updates the channel message, and the interaction endpoint.
 * The Web API client is built on first use; building opens no connection.
 */
public final class SlackWiring {
  /** The path Slack posts interactions to; the app manifest's request URL ends with it. */
  public static final String INTERACTIONS_PATH = SlackInteractions.PATH;

  /** How long one Web API call may take; an interaction must be answered within 3 seconds. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  /** The most signed interactions remembered against replays, per instance. */
  static final int REPLAY_CAPACITY = 10_000;

  private final SlackIntegration slack;
  private final Supplier<SlackApi> api;
  private final SlackSignatureCheck signatures;
  private final Clock clock;

  /**
   * @param apiUrl the Web API base URL, such as {@code https://slack.com/api/}
   */
  public SlackWiring(
      SlackIntegration slack, String botToken, String signingSecret, String apiUrl, Clock clock) {
    this.slack = slack;
    this.clock = clock;
    this.api = memoize(() -> new SlackApi(botToken, apiUrl, CALL_TIMEOUT));
    this.signatures =
        new SlackSignatureCheck(signingSecret, new ReplayGuard(REPLAY_CAPACITY), clock);
  }

  /**
   * Posts new requests to the channel and keeps each message current; builds the Web API client if
   * it is not built yet, so call it on first use (as {@link dev.jitgate.notify.DeferredNotifier}
   * does).
   */
  public Notifier notifier() {
    return new SlackNotifier(api.get(), slack.channel());
  }

  /**
   * The handler of {@link #INTERACTIONS_PATH}.
   *
   * @param decisions runs each decision; {@code Runnable::run} runs it before answering Slack
   */
  public Function<HttpRequest, HttpResponse> interactions(
      AccessService service, Executor decisions) {
    Supplier<SlackDecisions> built =
        memoize(() -> new SlackDecisions(service, new SlackUsers(api.get(), clock), api.get()));
    return new SlackInteractions(signatures, built, decisions);
  }

  private static <T> Supplier<T> memoize(Supplier<T> factory) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = factory.get();
        }
        return value;
      }
    };
  }
}
