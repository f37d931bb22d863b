package dev.jitgate.config;

import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.notify.DeferredNotifier;
import dev.jitgate.policy.SlackIntegration;
import dev.jitgate.service.AccessService;
import dev.jitgate.slack.SlackWiring;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The Slack integration a policy's {@code slack:} section asks for, with its secrets from the
 * environment variables the policy names and the Web API's URL from {@code JITGATE_SLACK_API_URL}
 * (default {@code https://slack.com/api/}). This class is the only way the builder reaches Slack's
 * SDK, and it is loaded only when the policy has a {@code slack:} section: a deployment without
 * Slack loads none of it.
 */
final class SlackSetting {
  static final String API_URL = "JITGATE_SLACK_API_URL";

  private final SlackWiring wiring;

  private SlackSetting(SlackWiring wiring) {
    this.wiring = wiring;
  }

  /**
   * Reads the secrets now, so a missing one stops the start with the variable's name.
   *
   * @throws IllegalStateException when a secret is missing, the URL is unusable, or this package
   *     lacks Slack's SDK
   */
  static SlackSetting read(Environment env, SlackIntegration slack, Clock clock) {
    String token =
        env.required(
            slack.botTokenEnv(), "the Slack bot token (xoxb-...) the policy's slack: names");
    String secret =
        env.required(
            slack.signingSecretEnv(), "the Slack app's signing secret the policy's slack: names");
    String apiUrl = apiUrl(env);
    try {
      return new SlackSetting(new SlackWiring(slack, token, secret, apiUrl, clock));
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "the policy has a slack: section, but this package does not include Slack's SDK"
              + " (com.slack.api:slack-api-client and slack-app-backend); add them to the module"
              + " or remove slack: from the policy");
    }
  }

  /** The notifier, its Web API client built on the first notification. */
  DeferredNotifier notifier() {
    return new DeferredNotifier("slack", wiring::notifier);
  }

  Function<HttpRequest, HttpResponse> interactions(AccessService service, Executor executor) {
    return wiring.interactions(service, executor);
  }

  String path() {
    return SlackWiring.INTERACTIONS_PATH;
  }

  private static String apiUrl(Environment env) {
    String url = env.get(API_URL, "https://slack.com/api/");
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !(scheme.equals("https") || scheme.equals("http"))) {
        throw env.invalid(
            API_URL, "must be an absolute http(s) URL such as https://slack.com/api/");
      }
    } catch (URISyntaxException e) {
      throw env.invalid(API_URL, "is not a URL; use one such as https://slack.com/api/");
    }
    return url.endsWith("/") ? url : url + "/";
  }
}
