package dev.jitgate.azure.provider;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads Azure Resource Manager errors: the code in the body's {@code {"error":{"code","message"}}},
 * which is what ARM documents and what we match on (the status alone does not tell a policy refusal
 * from a missing principal), the status, and the {@code Retry-After} header.
 */
final class AzureErrors {
  /** ARM's authorization denial; 403 without a readable body is treated the same way. */
  static final String AUTHORIZATION_FAILED = "AuthorizationFailed";

  private AzureErrors() {}

  /** The ARM error code, such as {@code RoleAssignmentExists}, or "" when the body has none. */
  static String code(HttpResponseException e) {
    return error(e).map(ManagementError::getCode).orElse("");
  }

  static int status(HttpResponseException e) {
    return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
  }

  /** ARM's message for a person, or "" when the body has none. */
  static String message(HttpResponseException e) {
    return error(e).map(ManagementError::getMessage).orElse("");
  }

  private static Optional<ManagementError> error(HttpResponseException e) {
    if (e instanceof ManagementException management && management.getValue() != null) {
      return Optional.of(management.getValue());
    }
    return Optional.empty();
  }

  /**
   * The caller may not do this: ARM's {@code AuthorizationFailed}, or any 403. A 401 is not here:
   * it is a token ARM did not accept, a problem of jitgate's credential, not of its roles.
   */
  static boolean denied(HttpResponseException e) {
    return AUTHORIZATION_FAILED.equals(code(e)) || status(e) == 403;
  }

  /**
   * Worth trying again as it is: throttling (429) or a server-side failure (5xx). The pipeline has
   * no retry policy of its own ({@link AzureProviders}), so these come to us.
   */
  static boolean transientStatus(HttpResponseException e) {
    int status = status(e);
    return status == 429 || status >= 500;
  }

  /** A request that never got an answer: the connection failed or was cut. */
  static boolean networkFailure(RuntimeException e) {
    if (e instanceof HttpResponseException) {
      return false;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException || cause instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long ARM asked us to wait, from {@code Retry-After} in seconds or as an HTTP date (RFC 9110
   * section 10.2.3; ARM's throttling page says it sends seconds), or {@code x-ms-retry-after-ms}.
   */
  static Optional<Duration> retryAfter(HttpResponseException e, Clock clock) {
    HttpResponse response = e.getResponse();
    if (response == null) {
      return Optional.empty();
    }
    String millis = response.getHeaderValue(HttpHeaderName.X_MS_RETRY_AFTER_MS);
    if (millis == null) {
      millis = response.getHeaderValue(HttpHeaderName.RETRY_AFTER_MS);
    }
    if (millis != null && millis.trim().matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofMillis(Long.parseLong(millis.trim())));
    }
    String value = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.trim();
    if (text.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException ignored) {
      return Optional.empty();
    }
  }

  /** What ARM said, for a person and the audit: code, status and message; never a token. */
  static String describe(RuntimeException e) {
    if (e instanceof HttpResponseException response && response.getResponse() != null) {
      String code = code(response);
      String message = message(response);
      return (code.isEmpty()
              ? "HTTP " + status(response)
              : code + " (HTTP " + status(response) + ")")
          + (message.isEmpty() ? "" : ": " + message);
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
