package dev.jitgate.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An entitlement's rules for attention (issue 14): when approvers are reminded of a request still
 * PENDING, when and to whom it is escalated, and whether break-glass activation without approval is
 * allowed, for how long at most, and which channel hears of it besides the approvers.
 *
 * @param remindAfter after creation, when approvers get one reminder; empty for none
 * @param escalateAfter after creation, when {@code escalateTo} become approvers too; empty for none
 * @param escalateTo who is added as approvers on escalation; empty exactly when escalateAfter is
 * @param breakGlassMax the longest break-glass activation; empty when break-glass is not allowed
 * @param breakGlassNotify who is told of a break-glass activation besides the approvers
 */
public record AttentionRule(
    Optional<Duration> remindAfter,
    Optional<Duration> escalateAfter,
    List<Principal> escalateTo,
    Optional<Duration> breakGlassMax,
    List<NotifyTarget> breakGlassNotify) {

  /** No reminder, no escalation, no break-glass: the behaviour before issue 14. */
  public static final AttentionRule NONE =
      new AttentionRule(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of());

  public AttentionRule {
    remindAfter = remindAfter == null ? Optional.empty() : remindAfter;
    escalateAfter = escalateAfter == null ? Optional.empty() : escalateAfter;
    escalateTo = escalateTo == null ? List.of() : List.copyOf(escalateTo);
    breakGlassMax = breakGlassMax == null ? Optional.empty() : breakGlassMax;
    breakGlassNotify = breakGlassNotify == null ? List.of() : List.copyOf(breakGlassNotify);
    if (escalateAfter.isPresent() != !escalateTo.isEmpty()) {
      throw new IllegalArgumentException("escalateAfter and escalateTo go together");
    }
    requirePositive("remindAfter", remindAfter);
    requirePositive("escalateAfter", escalateAfter);
    requirePositive("breakGlassMax", breakGlassMax);
  }

  public boolean breakGlass() {
    return breakGlassMax.isPresent();
  }

  private static void requirePositive(String name, Optional<Duration> d) {
    if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
