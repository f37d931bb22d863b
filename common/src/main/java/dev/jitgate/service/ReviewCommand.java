package dev.jitgate.service;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.Review;
import java.util.Objects;

/** An approver's review of a break-glass activation: confirmed or flagged, with a comment. */
public record ReviewCommand(RequestId request, Review.Outcome outcome, String comment) {
  public ReviewCommand {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outcome, "outcome");
    comment = Text.check("comment", comment, true);
  }
}
