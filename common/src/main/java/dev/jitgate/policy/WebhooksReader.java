package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code webhooks:} section: each webhook's url, body format and signing secret. */
final class WebhooksReader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern ENVIRONMENT_VARIABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final List<String> FIELDS = List.of("url", "format", "secretEnv");

  private final Values values;
  private final Set<String> declared = new LinkedHashSet<>();

  WebhooksReader(Values values) {
    this.values = values;
  }

  /** The webhooks without problems, by name. */
  Map<String, Webhook> read(JsonNode node) {
    FieldPath at = FieldPath.root().child("webhooks");
    Map<String, Webhook> webhooks = new LinkedHashMap<>();
    values
        .entries(node, at, "{sre-chat: {url: https://..., format: slack}}")
        .ifPresent(
            entries ->
                entries.forEach(
                    (name, spec) -> {
                      declared.add(name);
                      webhook(name, spec, at.child(name)).ifPresent(w -> webhooks.put(name, w));
                    }));
    return webhooks;
  }

  /**
   * Every name under {@code webhooks:}, valid or not, so that a reference to a webhook with
   * problems is not also reported as a reference to a missing one.
   */
  Set<String> declared() {
    return declared;
  }

  private Optional<Webhook> webhook(String name, JsonNode spec, FieldPath at) {
    int errors = values.problems().errorCount();
    if (!NAME.matcher(name).matches()) {
      values
          .problems()
          .error(
              at,
              "'" + name + "' cannot be a webhook name: use up to 64 letters, digits, '-' and '_'");
    }
    if (!values.map(spec, at, "a webhook", FIELDS)) {
      return Optional.empty();
    }
    Optional<URI> url = url(spec.get("url"), at.child("url"));
    Optional<Webhook.Format> format = format(spec.get("format"), at.child("format"));
    Optional<String> secretEnv = secretEnv(spec.get("secretEnv"), at.child("secretEnv"));
    if (format.equals(Optional.of(Webhook.Format.JSON)) && spec.get("secretEnv") == null) {
      values
          .problems()
          .error(
              at.child("secretEnv"),
              "a json webhook is signed, so it needs secretEnv: the environment variable that"
                  + " holds the signing secret");
    }
    if (values.problems().errorCount() > errors || url.isEmpty() || format.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Webhook(name, url.get(), format.get(), secretEnv));
  }

  private Optional<URI> url(JsonNode node, FieldPath at) {
    if (node == null) {
      values.problems().error(at, "a webhook needs a url, such as https://hooks.slack.com/...");
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI url = new URI(text.get());
      if (Webhook.isHttpUrl(url)) {
        return Optional.of(url);
      }
    } catch (URISyntaxException e) {
      // reported below, like any other URL that is not an absolute http or https one
    }
    values.problems().error(at, "'" + text.get() + "' is not an absolute http or https URL");
    return Optional.empty();
  }

  private Optional<Webhook.Format> format(JsonNode node, FieldPath at) {
    if (node == null) {
      values.problems().error(at, "a webhook needs a format: slack, teams or json");
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    Optional<Webhook.Format> format = text.flatMap(Webhook.Format::fromId);
    if (text.isPresent() && format.isEmpty()) {
      values
          .problems()
          .error(at, "'" + text.get() + "' is not a webhook format; use slack, teams or json");
    }
    return format;
  }

  private Optional<String> secretEnv(JsonNode node, FieldPath at) {
    Optional<String> text = values.text(node, at);
    if (text.isPresent() && !ENVIRONMENT_VARIABLE.matcher(text.get()).matches()) {
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
}
