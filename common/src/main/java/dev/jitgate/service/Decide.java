package dev.jitgate.service;

import dev.jitgate.domain.RequestId;
import java.util.Objects;

/** An approver's decision on a request: approve with an optional comment, or deny with a reason. */
public record Decide(RequestId request, Decision decision, String text) {

  /** Yes or no. */
  public enum Decision {
    APPROVE,
    DENY
  }

  public Decide {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(decision, "decision");
    text =
        decision == Decision.APPROVE
            ? Text.check("comment", text, false)
            : Text.check("reason", text, true);
  }

  public static Decide approve(RequestId request, String comment) {
    return new Decide(request, Decision.APPROVE, comment);
  }

  public static Decide deny(RequestId request, String reason) {
    return new Decide(request, Decision.DENY, reason);
  }
}
