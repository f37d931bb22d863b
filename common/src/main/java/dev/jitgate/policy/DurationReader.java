package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.DurationLimits;
import dev.jitgate.domain.GrantKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads an entitlement's {@code duration:}: how long access lasts when the requester does not say,
 * and the shortest and longest they may ask for.
 */
final class DurationReader {
  static final Duration DEFAULT = Duration.ofHours(1);
  static final Duration MIN = Duration.ofMinutes(5);
  static final Duration MAX = Duration.ofHours(8);
  static final Duration LONGEST = Duration.ofDays(7);

  /** STS caps a role session at 12 hours, whatever the role's own maximum. */
  static final Duration LONGEST_ROLE_SESSION = Duration.ofHours(12);

  /**
   * STS issues no role session shorter than 15 minutes, so a shorter window gets no credentials.
   */
  static final Duration SHORTEST_ROLE_SESSION = Duration.ofMinutes(15);

  private static final List<String> FIELDS = List.of("default", "min", "max");

  private final Values values;

  DurationReader(Values values) {
    this.values = values;
  }

  /** One bound as written, or its default. */
  private record Bound(String name, Duration value, Optional<String> written) {
    String describe() {
      return written.map(text -> name + " " + text).orElse(name + " " + value + " (the default)");
    }
  }

  /**
   * The limits at {@code at}; {@code kind} is empty when the grant has problems of its own, and
   * then only the general 7-day limit is checked.
   */
  Optional<DurationLimits> read(JsonNode node, FieldPath at, Optional<GrantKind> kind) {
    boolean roleSession = kind.equals(Optional.of(GrantKind.AWS_ROLE_CREDENTIALS));
    Duration longest = roleSession ? LONGEST_ROLE_SESSION : LONGEST;
    Duration shortest = roleSession ? SHORTEST_ROLE_SESSION : MIN;
    if (node == null) {
      return Optional.of(new DurationLimits(DEFAULT, shortest, min(MAX, longest)));
    }
    if (!values.map(node, at, "a duration", FIELDS)) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    Optional<Bound> byDefault = bound(node, at, "default", DEFAULT);
    Optional<Bound> min = bound(node, at, "min", shortest);
    Optional<Bound> max = bound(node, at, "max", min(MAX, longest));
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    order(min.get(), byDefault.get(), at);
    order(byDefault.get(), max.get(), at);
    max.get()
        .written()
        .ifPresent(text -> notLongerThan(longest, max.get().value(), text, kind, at));
    if (roleSession && min.get().value().compareTo(SHORTEST_ROLE_SESSION) < 0) {
      values
          .problems()
          .error(
              at.child("min"),
              min.get().describe()
                  + " is shorter than the 15 minutes STS requires for a role session, so such a"
                  + " request could never get credentials");
    }
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    return Optional.of(
        new DurationLimits(byDefault.get().value(), min.get().value(), max.get().value()));
  }

  private Optional<Bound> bound(JsonNode node, FieldPath at, String name, Duration fallback) {
    JsonNode value = node.get(name);
    if (value == null) {
      return Optional.of(new Bound(name, fallback, Optional.empty()));
    }
    FieldPath field = at.child(name);
    return values.duration(value, field).map(d -> new Bound(name, d, values.text(value, field)));
  }

  /**
   * Reports {@code shorter} being longer than {@code longer}, at whichever of the two is written.
   */
  private void order(Bound shorter, Bound longer, FieldPath at) {
    if (shorter.value().compareTo(longer.value()) <= 0) {
      return;
    }
    Bound blamed = shorter.written().isPresent() ? shorter : longer;
    values
        .problems()
        .error(
            at.child(blamed.name()),
            shorter.describe()
                + " is longer than "
                + longer.describe()
                + "; durations must keep min <= default <= max");
  }

  private void notLongerThan(
      Duration longest, Duration max, String text, Optional<GrantKind> kind, FieldPath at) {
    if (max.compareTo(longest) <= 0) {
      return;
    }
    String limit =
        longest.equals(LONGEST_ROLE_SESSION)
            ? "the 12 hours allowed for " + kind.get().id() + " (the STS limit on a role session)"
            : "the 7 days allowed";
    values.problems().error(at.child("max"), text + " is longer than " + limit);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
