package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code slack:} section: the environment variables of the bot token and the signing
 * secret, and the channel id. A secret written into the policy itself is refused.
 */
final class SlackReader {
  private static final Pattern ENVIRONMENT_VARIABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final List<String> FIELDS = List.of("botTokenEnv", "signingSecretEnv", "channel");

  private final Values values;

  SlackReader(Values values) {
    this.values = values;
  }

  /** The Slack integration, or empty when the section is absent or has problems. */
  Optional<SlackIntegration> read(JsonNode node) {
    FieldPath at = FieldPath.root().child("slack");
    if (node == null) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    if (!values.map(node, at, "the slack section", FIELDS)) {
      return Optional.empty();
    }
    Optional<String> botToken =
        variable(node.get("botTokenEnv"), at.child("botTokenEnv"), "the bot token (xoxb-...)");
    Optional<String> signingSecret =
        variable(
            node.get("signingSecretEnv"), at.child("signingSecretEnv"), "the app's signing secret");
    Optional<String> channel = channel(node.get("channel"), at.child("channel"));
    if (values.problems().errorCount() > errors
        || botToken.isEmpty()
        || signingSecret.isEmpty()
        || channel.isEmpty()) {
      return Optional.empty();
    }
    if (botToken.get().equals(signingSecret.get())) {
      values
          .problems()
          .error(
              at.child("signingSecretEnv"),
              "names the same variable as botTokenEnv; the bot token and the signing secret are"
                  + " two different secrets");
      return Optional.empty();
    }
    return Optional.of(new SlackIntegration(botToken.get(), signingSecret.get(), channel.get()));
  }

  private Optional<String> variable(JsonNode node, FieldPath at, String holds) {
    if (node == null) {
      values.problems().error(at, "is required: the environment variable that holds " + holds);
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (looksLikeSecret(text.get())) {
      // Never echo it: it may be the real token.
      values
          .problems()
          .error(
              at,
              "holds what looks like a Slack secret itself; put the secret in an environment"
                  + " variable and write that variable's name here");
      return Optional.empty();
    }
    if (!ENVIRONMENT_VARIABLE.matcher(text.get()).matches()) {
      values
          .problems()
          .error(
              at,
              "'"
                  + text.get()
                  + "' is not an environment variable name: use letters, digits and '_'");
      return Optional.empty();
    }
    return text;
  }

  private Optional<String> channel(JsonNode node, FieldPath at) {
    if (node == null) {
      values
          .problems()
          .error(at, "is required: the id of the channel to post requests to, such as C0123456789");
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    if (text.isPresent() && !SlackIntegration.CHANNEL_ID.matcher(text.get()).matches()) {
      values
          .problems()
          .error(
              at,
              "'"
                  + text.get()
                  + "' is not a channel id; use the id Slack shows under the channel's details,"
                  + " such as C0123456789 (a #name can be renamed, an id cannot)");
      return Optional.empty();
    }
    return text;
  }

  /** Slack tokens start with {@code xox}; a signing secret is 32 hex digits. */
  private static boolean looksLikeSecret(String text) {
    return text.startsWith("xox") || text.matches("[0-9a-f]{32}");
  }
}
