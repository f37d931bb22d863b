package dev.jitgate.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Whether an entitlement needs a justification, and the pattern it must match. */
public record JustificationRule(
    boolean required, Optional<Pattern> pattern, Optional<String> hint) {
  /**
   * How many character reads one match may take: far above what a sane pattern needs on the 1,024
   * characters a justification may have, far below what would hold a request thread.
   */
  static final long MATCH_BUDGET = 2_000_000;

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
    if (pattern.isEmpty()) {
      return true;
    }
    try {
      return pattern.get().matcher(new BoundedText(text, MATCH_BUDGET)).find();
    } catch (BoundedText.Exhausted e) {
      throw new InvalidRequestException(
          "the justification could not be checked against the entitlement's pattern in time;"
              + " shorten it, or ask the policy's owner to simplify the pattern");
    }
  }
}
