package dev.jitgate.store;

/**
 * A store could not do what was asked: the database failed or is unreachable. The message names the
 * operation; the cause carries the driver's details.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
