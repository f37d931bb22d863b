package dev.jitgate.domain;

/** Thrown when no such thing, or one the caller may not see. */
public final class NotFoundException extends DomainException {
  public NotFoundException(String message) {
    super(message);
  }
}
