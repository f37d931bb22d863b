package dev.jitgate.policy;

import java.util.List;
import java.util.Objects;

/** A policy file that cannot be used, with every problem found in it, not just the first. */
public class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sourceName;
  private final List<PolicyProblem> problems;

  public PolicyException(String sourceName, List<PolicyProblem> problems) {
    super(message(sourceName, problems));
    this.sourceName = sourceName;
    this.problems = List.copyOf(problems);
  }

  /** The file name or other label the policy was loaded from. */
  public String sourceName() {
    return sourceName;
  }

  /** The errors, in the order of the file; never empty. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  private static String message(String sourceName, List<PolicyProblem> problems) {
    Objects.requireNonNull(sourceName, "sourceName");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one problem");
    }
    StringBuilder text =
        new StringBuilder("The policy ")
            .append(sourceName)
            .append(" cannot be used: ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems");
    for (PolicyProblem problem : problems) {
      text.append('\n').append(problem.describe(sourceName));
    }
    return text.toString();
  }
}
