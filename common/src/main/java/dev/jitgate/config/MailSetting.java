package dev.jitgate.config;

import dev.jitgate.notify.SmtpSettings;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code JITGATE_MAIL}: how mail leaves. {@code smtp} and {@code none} exist everywhere; a platform
 * adds its own mail service (SES on AWS) and makes it the default. {@code JITGATE_MAIL_FROM} is the
 * sender, and {@code JITGATE_SMTP_*} configure {@code smtp}.
 *
 * @param mode the chosen mode, lower case
 * @param from the sender; empty with {@code none}
 * @param smtp the server; present with {@code smtp} only
 */
public record MailSetting(String mode, Optional<String> from, Optional<SmtpSettings> smtp) {
  public static final String NAME = "JITGATE_MAIL";
  public static final String SMTP = "smtp";
  public static final String NONE = "none";

  /**
   * @param defaultMode the mode when the variable is unset
   * @param platformModes the platform's own mail services
   */
  public static MailSetting read(Environment env, String defaultMode, Set<String> platformModes) {
    String mode = env.get(NAME, defaultMode).toLowerCase(Locale.ROOT);
    if (mode.equals(NONE)) {
      return new MailSetting(NONE, Optional.empty(), Optional.empty());
    }
    if (!mode.equals(SMTP) && !platformModes.contains(mode)) {
      TreeSet<String> modes = new TreeSet<>(platformModes);
      modes.add(SMTP);
      throw env.invalid(NAME, "must be " + String.join(", ", modes) + " or " + NONE);
    }
    String from = env.required("JITGATE_MAIL_FROM", "the address jitgate sends mail from");
    Optional<SmtpSettings> smtp =
        mode.equals(SMTP) ? Optional.of(SmtpSetting.read(env, from)) : Optional.empty();
    return new MailSetting(mode, Optional.of(from), smtp);
  }
}
