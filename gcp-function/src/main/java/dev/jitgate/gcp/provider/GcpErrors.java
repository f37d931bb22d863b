package dev.jitgate.gcp.provider;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.jitgate.port.ProviderException;
import io.grpc.Status;
import java.util.Set;

/** Reads Google API errors the same way for Resource Manager and IAM Credentials. */
final class GcpErrors {
  /**
   * Worth retrying as it is (Google's "Retry failed requests" guidance): the service is briefly
   * unavailable, a quota is momentarily exhausted, or the call timed out. The clients retry only a
   * few of these themselves, and never within jitgate's budget.
   */
  private static final Set<StatusCode.Code> TRANSIENT =
      Set.of(
          StatusCode.Code.UNAVAILABLE,
          StatusCode.Code.RESOURCE_EXHAUSTED,
          StatusCode.Code.DEADLINE_EXCEEDED,
          StatusCode.Code.INTERNAL);

  private GcpErrors() {}

  static StatusCode.Code code(ApiException e) {
    return e.getStatusCode().getCode();
  }

  static boolean isTransient(ApiException e) {
    return TRANSIENT.contains(code(e));
  }

  /**
   * A stale etag on setIamPolicy: Resource Manager answers 409 ABORTED, some other services 412
   * FAILED_PRECONDITION. Either means: read the policy again and redo the change.
   */
  static boolean isEtagConflict(ApiException e) {
    return code(e) == StatusCode.Code.ABORTED || code(e) == StatusCode.Code.FAILED_PRECONDITION;
  }

  static boolean isDenied(ApiException e) {
    return code(e) == StatusCode.Code.PERMISSION_DENIED;
  }

  static boolean isNotFound(ApiException e) {
    return code(e) == StatusCode.Code.NOT_FOUND;
  }

  /** What Google said, for a person: code, HTTP status and message; never a request's content. */
  static String describe(ApiException e) {
    StatusCode.Code code = code(e);
    String detail = Status.fromThrowable(e).getDescription();
    if (detail == null) {
      detail = e.getMessage();
    }
    return code
        + " (HTTP "
        + code.getHttpStatusCode()
        + ")"
        + (detail == null || detail.isBlank() ? "" : ": " + detail);
  }

  /**
   * The error for a refused call, naming the IAM permission jitgate's service account is missing,
   * such as {@code resourcemanager.projects.setIamPolicy}, and a role that has it.
   */
  static ProviderException denied(Permission permission, ApiException e) {
    return new ProviderException(
        "Google Cloud denied jitgate "
            + permission.name()
            + " on "
            + permission.resource()
            + "; give jitgate's service account a role with it there, such as "
            + permission.role()
            + " (Google answers the same way when the resource does not exist): "
            + describe(e),
        e);
  }

  /** The error for a call that failed in a way retrying does not fix. */
  static ProviderException failed(Permission permission, ApiException e) {
    return new ProviderException(
        permission.method() + " on " + permission.resource() + " failed: " + describe(e), e);
  }

  /**
   * One IAM permission a call needs on one resource, and a predefined role that grants it, so that
   * an error can say what to fix.
   */
  record Permission(String name, String resource, String role) {
    /** The API method, such as {@code setIamPolicy}: the permission's last part. */
    String method() {
      return name.substring(name.lastIndexOf('.') + 1);
    }
  }
}
