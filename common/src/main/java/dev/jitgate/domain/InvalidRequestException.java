package dev.jitgate.domain;

/** Thrown when the input is not acceptable. */
public final class InvalidRequestException extends DomainException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
