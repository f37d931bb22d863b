package dev.jitgate.policy;

import dev.jitgate.policy.PolicyProblem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/** The problems found while reading one policy file, each placed on its line. */
final class Problems {
  private static final Comparator<PolicyProblem> BY_LINE =
      Comparator.comparingInt(p -> p.line().orElse(0));

  private final SourceMap source;
  private final List<PolicyProblem> found = new ArrayList<>();

  Problems(SourceMap source) {
    this.source = source;
    for (SourceMap.Issue issue : source.issues()) {
      add(
          Severity.ERROR,
          FieldPath.of(issue.path(), source),
          OptionalInt.of(issue.line()),
          issue.message());
    }
  }

  void error(FieldPath at, String message) {
    add(Severity.ERROR, at, source.lineOf(at.path()), message);
  }

  void warning(FieldPath at, String message) {
    add(Severity.WARNING, at, source.lineOf(at.path()), message);
  }

  int errorCount() {
    return (int) found.stream().filter(PolicyProblem::isError).count();
  }

  /** The errors, in line order; problems of the whole file first. */
  List<PolicyProblem> errors() {
    return found.stream().filter(PolicyProblem::isError).sorted(BY_LINE).toList();
  }

  List<PolicyProblem> warnings() {
    return found.stream().filter(p -> !p.isError()).sorted(BY_LINE).toList();
  }

  private void add(Severity severity, FieldPath at, OptionalInt line, String message) {
    found.add(new PolicyProblem(severity, at.entitlement(), at.field(), line, message));
  }
}
