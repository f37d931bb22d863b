package dev.jitgate.config;

import dev.jitgate.policy.Policy;
import dev.jitgate.policy.Webhook;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The signing secrets of the policy's JSON webhooks, each in the environment variable its {@code
 * secretEnv} names. All of them are read at start-up, so a missing one stops the function with the
 * variable's name instead of failing every notification later.
 */
public final class WebhookSecrets {
  private WebhookSecrets() {}

  /** A lookup of exactly the variables the policy's webhooks name. */
  public static Function<String, String> read(Environment env, Policy policy) {
    Map<String, String> secrets = new HashMap<>();
    for (Webhook webhook : policy.webhooks().values()) {
      webhook
          .secretEnv()
          .ifPresent(
              name ->
                  secrets.put(
                      name,
                      env.required(
                          name, "the signing secret of the policy's webhook " + webhook.name())));
    }
    return Map.copyOf(secrets)::get;
  }
}
