package dev.jitgate.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Whether an entitlement needs a justification, and the pattern it must match. */
public record JustificationRule(
    boolean required, Optional<Pattern> pattern, Optional<String> hint) {
  public static final JustificationRule NONE =
      new JustificationRule(false, Optional.empty(), Optional.empty());

  public JustificationRule {
    pattern = pattern == null ? Optional.empty() : pattern;
    hint = hint == null ? Optional.empty() : hint;
  }

  /** True when {@code text} satisfies this rule; an absent text is only fine when not required. */
  public boolean accepts(String text) {
    if (text == null || text.isBlank()) {
      return !required;
    }
    return pattern.map(p -> p.matcher(text).find()).orElse(true);
  }
}
