package dev.jitgate.gcp.store;

import com.google.api.gax.rpc.StatusCode;
import dev.jitgate.store.StoreException;

/**
 * A Firestore call failed with a gRPC status: the store turns the codes that mean a lost race into
 * its answers, and lets every other one through as the {@link StoreException} this is.
 */
final class FirestoreCallException extends StoreException {
  private final transient StatusCode.Code code;

  FirestoreCallException(String message, StatusCode.Code code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The call's status code; {@link StatusCode.Code#UNKNOWN} when the failure carried none. */
  StatusCode.Code code() {
    return code;
  }
}
