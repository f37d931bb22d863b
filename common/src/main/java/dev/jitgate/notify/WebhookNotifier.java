package dev.jitgate.notify;

import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.policy.Policy;
import dev.jitgate.policy.Webhook;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Posts each notification to the webhooks its entitlement names with {@code webhook:<name>}, in the
 * format the policy gives each one: signed generic JSON, Slack or Teams. Every event is posted, new
 * requests and outcomes alike; no body carries a token or an approval link.
 */
public final class WebhookNotifier implements Notifier {
  /** No webhook call may wait longer than this, to connect or for the answer. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private static final int ERROR_SNIPPET_BYTES = 200;

  private final Supplier<Policy> policy;
  private final Function<String, String> environment;
  private final Clock clock;
  private final Duration timeout;
  private final HttpClient http;
  private final Optional<String> baseUrl;

  /** A notifier whose Teams cards carry no button, as no base URL is known. */
  public WebhookNotifier(
      Supplier<Policy> policy,
      Function<String, String> environment,
      Clock clock,
      Duration timeout) {
    this(policy, environment, clock, timeout, Optional.empty());
  }

  /**
   * @param policy the current policy, read on every send so that a reloaded policy applies
   * @param environment looks up the variable a JSON webhook's {@code secretEnv} names; in a
   *     deployment {@code System::getenv}
   * @param clock the time put in the signature
   * @param timeout for connecting and for the whole answer; at most {@link #MAX_TIMEOUT}
   * @param baseUrl where jitgate is served, for the button on a Teams card
   */
  public WebhookNotifier(
      Supplier<Policy> policy,
      Function<String, String> environment,
      Clock clock,
      Duration timeout,
      Optional<String> baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "the webhook timeout must be more than 0 and at most " + MAX_TIMEOUT);
    }
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            // A redirect would carry a signed body somewhere the policy never named.
            .followRedirects(HttpClient.Redirect.NEVER)
            // HTTP/1.1 everywhere: over plain http the default would also send an h2c upgrade,
            // which some receivers reject.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  /**
   * Posts to every webhook named, going on past one that fails, then throws one {@link
   * NotifyException} naming each failure.
   */
  @Override
  public void send(Notification notification) {
    List<String> names = webhookNames(notification);
    if (names.isEmpty()) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      try {
        Webhook webhook = policy.get().webhooks().get(name);
        if (webhook == null) {
          throw new NotifyException(
              "webhook "
                  + name
                  + ": named by "
                  + notification.request().entitlement()
                  + " but not defined in the policy");
        }
        post(webhook, notification);
      } catch (NotifyException e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new NotifyException(
          String.join("; ", failures)
              + " (request "
              + notification.request().id()
              + ", "
              + notification.kind().id()
              + ")");
    }
  }

  private void post(Webhook webhook, Notification notification) {
    String body = WebhookBodies.body(webhook.format(), notification, baseUrl);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "jitgate")
            .header("X-Jitgate-Event", notification.kind().id())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (webhook.format() == Webhook.Format.JSON) {
      request.header(
          WebhookSignature.HEADER,
          WebhookSignature.sign(secret(webhook), clock.instant().getEpochSecond(), body));
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new NotifyException(
          "webhook " + webhook.name() + " could not be reached: " + describe(webhook, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifyException("webhook " + webhook.name() + ": interrupted while posting");
    }
    try (InputStream answer = response.body()) {
      int status = response.statusCode();
      if (status / 100 != 2) {
        String snippet = new String(answer.readNBytes(ERROR_SNIPPET_BYTES), StandardCharsets.UTF_8);
        String said = Display.oneLine(snippet, 120);
        throw new NotifyException(
            "webhook "
                + webhook.name()
                + " answered HTTP "
                + status
                + (said.isEmpty() ? "" : ": " + said));
      }
    } catch (IOException e) {
      throw new NotifyException(
          "webhook " + webhook.name() + ": reading the answer failed: " + describe(webhook, e));
    }
  }

  /** The signing secret; the message names the variable, never a value. */
  private String secret(Webhook webhook) {
    String variable =
        webhook
            .secretEnv()
            .orElseThrow(
                () ->
                    new NotifyException(
                        "webhook " + webhook.name() + " is json but names no secretEnv"));
    String secret = environment.apply(variable);
    if (secret == null || secret.isBlank()) {
      throw new NotifyException(
          "webhook "
              + webhook.name()
              + ": the environment variable "
              + variable
              + " that holds its signing secret is not set");
    }
    return secret;
  }

  private static List<String> webhookNames(Notification notification) {
    return notification.targets().stream()
        .filter(NotifyTarget.Webhook.class::isInstance)
        .map(t -> ((NotifyTarget.Webhook) t).name())
        .distinct()
        .toList();
  }

  /** The exception's words, without the URL: a Slack or Teams webhook URL is itself a secret. */
  private static String describe(Webhook webhook, IOException e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return (e.getClass().getSimpleName() + message).replace(webhook.url().toString(), "<url>");
  }
}
