package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.AttentionRule;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads an entitlement's attention fields (issue 14): {@code remindAfter}, {@code escalateAfter}
 * with {@code escalateTo}, and {@code breakGlass} with {@code breakGlassMax} and {@code
 * breakGlassNotify}, reporting every problem with its field.
 */
final class AttentionReader {
  /** The fields this reader owns, for the entitlement's list of known fields. */
  static final List<String> FIELDS =
      List.of(
          "remindAfter",
          "escalateAfter",
          "escalateTo",
          "breakGlass",
          "breakGlassMax",
          "breakGlassNotify");

  private final Values values;
  private final Membership membership;
  private final BiFunction<JsonNode, FieldPath, Optional<List<Principal>>> principals;
  private final BiFunction<JsonNode, FieldPath, Optional<List<NotifyTarget>>> targets;

  AttentionReader(
      Values values,
      Membership membership,
      BiFunction<JsonNode, FieldPath, Optional<List<Principal>>> principals,
      BiFunction<JsonNode, FieldPath, Optional<List<NotifyTarget>>> targets) {
    this.values = values;
    this.membership = membership;
    this.principals = principals;
    this.targets = targets;
  }

  /**
   * The rule of the entitlement {@code node}, or empty when a field has a problem (reported).
   *
   * @param approvalTimeout the entitlement's, when valid: reminders and escalation come before it
   * @param maxDuration the entitlement's longest duration, when valid: break-glass is no longer
   * @param approvals the approvals the entitlement needs, when valid
   */
  Optional<AttentionRule> read(
      JsonNode node,
      FieldPath at,
      Optional<Duration> approvalTimeout,
      Optional<Duration> maxDuration,
      Optional<Integer> approvals) {
    int errors = values.problems().errorCount();
    Optional<Duration> remind = optionalDuration(node.get("remindAfter"), at.child("remindAfter"));
    Optional<Duration> escalate =
        optionalDuration(node.get("escalateAfter"), at.child("escalateAfter"));
    List<Principal> escalateTo = escalateTo(node.get("escalateTo"), at.child("escalateTo"));
    if (node.get("escalateAfter") != null && node.get("escalateTo") == null) {
      values.problems().error(at.child("escalateTo"), "escalateAfter needs escalateTo: [group:…]");
    }
    if (node.get("escalateTo") != null && node.get("escalateAfter") == null) {
      values
          .problems()
          .error(at.child("escalateAfter"), "escalateTo needs escalateAfter, like PT4H");
    }
    if (approvals.isPresent()
        && approvals.get() == 0
        && (node.get("remindAfter") != null || node.get("escalateAfter") != null)) {
      values
          .problems()
          .error(
              at.child(node.get("remindAfter") != null ? "remindAfter" : "escalateAfter"),
              "approvals is 0, so requests never wait for approvers to remind or escalate to");
    }
    approvalTimeout.ifPresent(
        timeout -> {
          beforeTimeout(remind, timeout, at.child("remindAfter"));
          beforeTimeout(escalate, timeout, at.child("escalateAfter"));
        });
    if (remind.isPresent() && escalate.isPresent() && remind.get().compareTo(escalate.get()) >= 0) {
      values
          .problems()
          .error(
              at.child("remindAfter"),
              remind.get()
                  + " is not before escalateAfter ("
                  + escalate.get()
                  + "): approvers are reminded first, and escalation follows if that did not help");
    }
    Optional<Duration> breakGlassMax = breakGlass(node, at, maxDuration);
    List<NotifyTarget> notify = List.of();
    if (breakGlassMax.isPresent()) {
      JsonNode written = node.get("breakGlassNotify");
      notify = targets.apply(written, at.child("breakGlassNotify")).orElse(List.of());
      if (written != null && written.isArray() && written.isEmpty()) {
        values.problems().error(at.child("breakGlassNotify"), "is empty; name who must hear of it");
      }
    }
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    return Optional.of(new AttentionRule(remind, escalate, escalateTo, breakGlassMax, notify));
  }

  private Optional<Duration> optionalDuration(JsonNode node, FieldPath at) {
    return node == null ? Optional.empty() : values.duration(node, at);
  }

  private void beforeTimeout(Optional<Duration> d, Duration timeout, FieldPath at) {
    if (d.isPresent() && d.get().compareTo(timeout) >= 0) {
      values
          .problems()
          .error(
              at,
              d.get()
                  + " is not before approvalTimeout ("
                  + timeout
                  + "), so the request would have timed out first");
    }
  }

  /** Everyone escalation adds must be listable, so that they can be told: no claimed groups. */
  private List<Principal> escalateTo(JsonNode node, FieldPath at) {
    if (node == null) {
      return List.of();
    }
    List<Principal> read = principals.apply(node, at).orElse(List.of());
    if (node.isArray() && node.isEmpty()) {
      values.problems().error(at, "is empty; name the group approvals escalate to");
    }
    for (int i = 0; i < read.size(); i++) {
      Principal p = read.get(i);
      if (p instanceof Principal.IdpGroup idp) {
        values
            .problems()
            .error(
                at.element(i),
                "idp-group:"
                    + idp.name()
                    + " cannot be told of an escalation, as its members are not known; name a"
                    + " group defined under groups:");
      } else if (p instanceof Principal.Group group && !membership.defines(group.name())) {
        values
            .problems()
            .error(
                at.element(i),
                "group '"
                    + group.name()
                    + "' is not defined under groups:, so no one could be told of the"
                    + " escalation");
      }
    }
    return read;
  }

  private Optional<Duration> breakGlass(
      JsonNode node, FieldPath at, Optional<Duration> maxDuration) {
    boolean allowed =
        node.get("breakGlass") != null
            && values.bool(node.get("breakGlass"), at.child("breakGlass")).orElse(false);
    if (!allowed) {
      for (String field : List.of("breakGlassMax", "breakGlassNotify")) {
        if (node.get(field) != null) {
          values.problems().error(at.child(field), "applies only with breakGlass: true");
        }
      }
      return Optional.empty();
    }
    if (node.get("breakGlassMax") == null) {
      values
          .problems()
          .error(at.child("breakGlassMax"), "breakGlass: true needs breakGlassMax, like PT1H");
    }
    if (node.get("breakGlassNotify") == null) {
      values
          .problems()
          .error(
              at.child("breakGlassNotify"),
              "breakGlass: true needs breakGlassNotify, the channel that hears of every"
                  + " activation, like [security@example.com, webhook:security-chat]");
    }
    Optional<Duration> max = optionalDuration(node.get("breakGlassMax"), at.child("breakGlassMax"));
    if (max.isPresent() && maxDuration.isPresent() && max.get().compareTo(maxDuration.get()) > 0) {
      values
          .problems()
          .error(
              at.child("breakGlassMax"),
              max.get()
                  + " is longer than the entitlement's duration max ("
                  + maxDuration.get()
                  + ")");
    }
    return max;
  }
}
