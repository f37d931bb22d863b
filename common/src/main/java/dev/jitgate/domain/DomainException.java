package dev.jitgate.domain;

/**
 * A use case's refusal, with a message a person can act on. Each subclass maps to exactly one HTTP
 * status; the message never carries internals.
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException, ForbiddenException, ConflictException, InvalidRequestException {
  protected DomainException(String message) {
    super(message, null, false, false);
  }
}
