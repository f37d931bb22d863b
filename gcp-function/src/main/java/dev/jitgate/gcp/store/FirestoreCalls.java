package dev.jitgate.gcp.store;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.FirestoreException;
import dev.jitgate.store.StoreException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Firestore calls and names what failed. */
final class FirestoreCalls {

  /**
   * How long to wait for one call. The client's own deadlines and bounded retries end a call well
   * before this (60 s for most of Firestore's methods); this only guards against a call that never
   * completes.
   */
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private FirestoreCalls() {}

  /**
   * The call's result.
   *
   * @throws FirestoreCallException when the call failed, naming {@code operation} and the status
   *     code, never the documents' contents; the cause keeps the client's details
   * @throws StoreException when the wait was interrupted or timed out
   */
  static <T> T await(String operation, ApiFuture<T> call) {
    try {
      return call.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      StatusCode.Code code = code(cause);
      throw new FirestoreCallException(
          "the request store could not " + operation + " (" + code + ")", code, cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new StoreException("the request store was interrupted in " + operation, e);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new StoreException(
          "the request store could not "
              + operation
              + ": Firestore did not answer within "
              + CALL_TIMEOUT.toSeconds()
              + " s",
          e);
    }
  }

  /**
   * The gRPC status code in a failure's chain of causes, or UNKNOWN: a gax {@link ApiException}'s
   * first, as a {@link FirestoreException} wrapping one may carry a vaguer status of its own.
   */
  static StatusCode.Code code(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof ApiException api && api.getStatusCode() != null) {
        return api.getStatusCode().getCode();
      }
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof FirestoreException firestore && firestore.getStatus() != null) {
        // io.grpc's codes and gax's have the same names.
        return StatusCode.Code.valueOf(firestore.getStatus().getCode().name());
      }
    }
    return StatusCode.Code.UNKNOWN;
  }

  private static Throwable next(Throwable t) {
    return t.getCause() == t ? null : t.getCause();
  }
}
