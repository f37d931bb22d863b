package dev.jitgate.config;

import dev.jitgate.notify.SmtpSettings;
import java.util.Locale;
import java.util.Optional;

/**
 * The SMTP server of {@code JITGATE_SMTP_HOST}, {@code JITGATE_SMTP_PORT} (default 587), {@code
 * JITGATE_SMTP_TLS} ({@code starttls-required}, the default, {@code starttls}, {@code implicit} or
 * {@code none}), and an optional login in {@code JITGATE_SMTP_USERNAME} and {@code
 * JITGATE_SMTP_PASSWORD}.
 */
public final class SmtpSetting {
  private SmtpSetting() {}

  public static SmtpSettings read(Environment env, String from) {
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
}
