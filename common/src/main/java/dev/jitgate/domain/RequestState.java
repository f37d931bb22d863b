package dev.jitgate.domain;

import java.util.EnumSet;
import java.util.Set;

/** Where a request is in its life; see the state machine in DESIGN.md. */
public enum RequestState {
  PENDING,
  APPROVED,
  ACTIVE,
  DENIED,
  CANCELLED,
  TIMED_OUT,
  EXPIRED,
  REVOKED,
  FAILED;

  /** The states this one may move to. */
  public Set<RequestState> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(APPROVED, DENIED, CANCELLED, TIMED_OUT);
      case APPROVED -> EnumSet.of(ACTIVE, FAILED);
      case ACTIVE -> EnumSet.of(EXPIRED, REVOKED);
      case DENIED, CANCELLED, TIMED_OUT, EXPIRED, REVOKED, FAILED ->
          EnumSet.noneOf(RequestState.class);
    };
  }

  public boolean canMoveTo(RequestState target) {
    return next().contains(target);
  }

  public boolean isFinal() {
    return next().isEmpty();
  }
}
