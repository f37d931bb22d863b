package dev.jitgate.azure.store;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.data.tables.models.TableServiceError;
import com.azure.data.tables.models.TableServiceException;
import dev.jitgate.store.StoreException;

/**
 * Reads what Table storage answered, and turns what the store does not expect into a {@link
 * StoreException}. Messages name the operation, the HTTP status and Azure's error code or the
 * failing exception's class, never a message: those can quote request URLs and entity contents.
 */
final class TableErrors {

  static final int NOT_FOUND = 404;
  static final int CONFLICT = 409;
  static final int PRECONDITION_FAILED = 412;

  private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");

  private TableErrors() {}

  /** The HTTP status of a failed call, or -1 when no response came back. */
  static int status(RuntimeException e) {
    return e instanceof HttpResponseException http && http.getResponse() != null
        ? http.getResponse().getStatusCode()
        : -1;
  }

  /**
   * Whether a conditional write lost its race: 412 {@code UpdateConditionNotSatisfied} (the ETag
   * moved on) or 409 {@code EntityAlreadyExists} (a create found the entity there).
   */
  static boolean lostRace(RuntimeException e) {
    int status = status(e);
    return status == PRECONDITION_FAILED || status == CONFLICT;
  }

  /** The store's error for a failed call. */
  static StoreException failure(String operation, RuntimeException e) {
    StringBuilder message = new StringBuilder("the request store could not ").append(operation);
    int status = status(e);
    if (status >= 0) {
      message.append(" (HTTP ").append(status);
      String code = errorCode(e);
      if (code != null) {
        message.append(' ').append(code);
      }
      message.append(')');
    } else {
      message.append(" (").append(rootCause(e).getClass().getSimpleName()).append(')');
    }
    return new StoreException(message.toString(), e);
  }

  private static String errorCode(RuntimeException e) {
    if (e instanceof TableServiceException table) {
      TableServiceError error = table.getValue();
      if (error != null && error.getErrorCode() != null) {
        return error.getErrorCode().toString();
      }
    }
    HttpResponseException http = (HttpResponseException) e;
    return http.getResponse().getHeaderValue(ERROR_CODE);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
