package dev.jitgate.domain;

/** Thrown when the transition is not allowed in the request's current state. */
public final class ConflictException extends DomainException {
  public ConflictException(String message) {
    super(message);
  }
}
