package dev.jitgate.domain;

/** Thrown when the caller may not do this. */
public final class ForbiddenException extends DomainException {
  public ForbiddenException(String message) {
    super(message);
  }
}
