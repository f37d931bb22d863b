package dev.jitgate.aws.provider;

import dev.jitgate.port.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Reads AWS errors the same way for every service: JSON (SSO Admin) and Query (STS, IAM). */
final class AwsErrors {
  // JSON services name it AccessDeniedException; the Query services STS and IAM name it
  // AccessDenied.
  private static final Set<String> DENIED =
      Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation");

  private AwsErrors() {}

  /** The AWS error code, such as {@code ThrottlingException}, or empty for a client-side error. */
  static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  static boolean isCode(SdkException e, String code) {
    return code(e).equals(code);
  }

  static boolean accessDenied(SdkException e) {
    return DENIED.contains(code(e));
  }

  /**
   * Worth retrying as it is: throttling, a server-side error, or a network failure. The clients are
   * built without SDK retries (see {@code AwsClients}), so these come to us.
   */
  static boolean transientFailure(SdkException e) {
    if (e instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    if (e instanceof SdkClientException) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
          return true;
        }
      }
    }
    return false;
  }

  /** What AWS said, for a person: code, status and message; never a request's content. */
  static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      AwsErrorDetails details = service.awsErrorDetails();
      String message = details.errorMessage() == null ? "" : ": " + details.errorMessage();
      return details.errorCode() + " (HTTP " + service.statusCode() + ")" + message;
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * The error for a refused call, naming the IAM actions jitgate's identity is missing, such as
   * {@code sso:CreateAccountAssignment}, and what AWS said.
   */
  static ProviderException denied(String actions, SdkException e) {
    return new ProviderException(
        "AWS denied jitgate " + actions + "; allow it for jitgate's role: " + describe(e), e);
  }

  /** The error for a call that failed in a way retrying does not fix. */
  static ProviderException failed(String action, SdkException e) {
    return new ProviderException(action + " failed: " + describe(e), e);
  }
}
