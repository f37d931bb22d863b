package dev.jitgate.store;

/** A stored request document cannot be read: it is malformed, or of a version this build lacks. */
public final class DocumentException extends StoreException {
  public DocumentException(String message) {
    super(message);
  }

  public DocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
