package dev.jitgate.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One thing wrong with a policy file: how serious it is, the entitlement and field it is in, the
 * line where the parser found it, and a sentence saying what to change.
 *
 * <p>{@code field} is a path such as {@code duration.max}, {@code grant.roleArn} or {@code
 * approvers[1]}, relative to the entitlement when there is one, and from the top of the file
 * otherwise (such as {@code webhooks.sre-chat.url}). It is empty for a problem with the whole file.
 */
public record PolicyProblem(
    Severity severity,
    Optional<String> entitlement,
    String field,
    OptionalInt line,
    String message) {

  /** Whether a problem stops the policy from loading. */
  public enum Severity {
    /** The policy does not load. */
    ERROR,
    /** The policy loads, but something in it may not do what its author meant. */
    WARNING
  }

  public PolicyProblem {
    Objects.requireNonNull(severity, "severity");
    entitlement = entitlement == null ? Optional.empty() : entitlement;
    field = field == null ? "" : field;
    line = line == null ? OptionalInt.empty() : line;
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * Reads like {@code policy.yaml:14: entitlement 'gcp-prod-storage-admin', field 'duration.max':
   * PT200H is longer than the 7 days allowed}.
   */
  public String describe(String sourceName) {
    StringBuilder text = new StringBuilder(sourceName);
    line.ifPresent(n -> text.append(':').append(n));
    return text.append(": ").append(body()).toString();
  }

  @Override
  public String toString() {
    return line.isPresent() ? "line " + line.getAsInt() + ": " + body() : body();
  }

  private String body() {
    StringBuilder text = new StringBuilder();
    if (severity == Severity.WARNING) {
      text.append("warning: ");
    }
    entitlement.ifPresent(id -> text.append("entitlement '").append(id).append('\''));
    if (!field.isEmpty()) {
      text.append(entitlement.isPresent() ? ", " : "").append("field '").append(field).append('\'');
    }
    if (entitlement.isPresent() || !field.isEmpty()) {
      text.append(": ");
    }
    return text.append(message).toString();
  }
}
