package dev.jitgate.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The policy's {@code slack:} section: the Slack app that posts each new request to one channel
 * with Approve and Deny buttons. Both secrets are named by the environment variables that hold
 * them, never written in the policy.
 *
 * @param botTokenEnv the variable holding the bot token ({@code xoxb-...})
 * @param signingSecretEnv the variable holding the app's signing secret, which checks the
 *     interactions Slack sends
 * @param channel the channel id, such as {@code C0123456789}; a {@code #name} can be renamed, an id
 *     cannot
 */
public record SlackIntegration(String botTokenEnv, String signingSecretEnv, String channel) {
  /** A public ({@code C}) or private ({@code G}) channel id. */
  static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{8,20}");

  public SlackIntegration {
    Objects.requireNonNull(botTokenEnv, "botTokenEnv");
    Objects.requireNonNull(signingSecretEnv, "signingSecretEnv");
    Objects.requireNonNull(channel, "channel");
    if (!CHANNEL_ID.matcher(channel).matches()) {
      throw new IllegalArgumentException("slack: '" + channel + "' is not a channel id");
    }
  }
}
