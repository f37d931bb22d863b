package dev.jitgate.azure.provider;

import com.azure.core.exception.HttpResponseException;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleRequestInner;
import com.azure.resourcemanager.authorization.models.Status;
import dev.jitgate.domain.Grant;
import dev.jitgate.port.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads PIM's answers to a role assignment schedule request: the status the request ended in, and a
 * management policy's refusal, each turned into audit details or an error a person can act on.
 */
final class PimRequests {
  /** Statuses in which PIM will not make the assignment (the 2020-10-01 {@code Status} values). */
  private static final Set<Status> REFUSED =
      Set.of(
          Status.DENIED,
          Status.FAILED,
          Status.CANCELED,
          Status.REVOKED,
          Status.FAILED_AS_RESOURCE_IS_LOCKED,
          Status.ADMIN_DENIED,
          Status.TIMED_OUT,
          Status.INVALID);

  /** Statuses that wait for a person's approval in PIM, which jitgate cannot give. */
  private static final Set<Status> AWAITING_APPROVAL =
      Set.of(
          Status.PENDING_APPROVAL,
          Status.PENDING_APPROVAL_PROVISIONING,
          Status.PENDING_ADMIN_DECISION);

  private PimRequests() {}

  /**
   * The audit details of a request PIM accepted, or the error when its status says PIM will not
   * make the assignment. Any other status (Provisioned, Granted, PendingProvisioning and such) is
   * PIM carrying the request out.
   */
  static Map<String, String> accepted(
      RoleAssignmentScheduleRequestInner request,
      String name,
      AzureTarget target,
      AzureAttempts attempts) {
    Status status = request == null ? null : request.status();
    if (status != null && REFUSED.contains(status)) {
      throw new ProviderException(
          "PIM ended the request "
              + name
              + " "
              + status
              + " while "
              + attempts.operation()
              + "; see the request in PIM's audit history for the reason");
    }
    if (status != null && AWAITING_APPROVAL.contains(status)) {
      throw new ProviderException(
          "PIM holds the request "
              + name
              + " for approval ("
              + status
              + ") while "
              + attempts.operation()
              + "; jitgate's approval is the approval: turn off approval for active assignments in"
              + " the management policy of role "
              + target.roleDefinitionId()
              + " at "
              + target.scope());
    }
    Map<String, String> details = base(name, target);
    details.put("pimStatus", status == null ? "submitted" : status.toString());
    if (request != null && request.id() != null) {
      details.put("pimRequestId", request.id());
    }
    return details;
  }

  /**
   * Checks the status of an {@code AdminRemove} request: Revoked is what it should end in; any
   * other refusal leaves the access in place and is an error.
   */
  static void removed(
      RoleAssignmentScheduleRequestInner request, String name, AzureAttempts attempts) {
    Status status = request == null ? null : request.status();
    if (status != null && status != Status.REVOKED && REFUSED.contains(status)) {
      throw new ProviderException(
          "PIM ended the removal request "
              + name
              + " "
              + status
              + " while "
              + attempts.operation()
              + ", so the access is still there; see the request in PIM's audit history for the"
              + " reason");
    }
  }

  /** The audit details when an active assignment of the role to the principal already exists. */
  /**
   * The error when an active assignment of the role already exists for the person at the scope,
   * made by another request or outside jitgate: PIM keeps one, with its own end, which this request
   * could neither share nor extend.
   */
  static ProviderException heldElsewhere(AzureTarget target, Grant grant) {
    return new ProviderException(
        "PIM already has an active assignment of role "
            + target.roleDefinitionId()
            + " at "
            + target.scope()
            + " for "
            + grant.principal()
            + ", with its own end (another request's, or made outside jitgate); PIM keeps one per"
            + " person, role and scope, so this request gets none: end that one first");
  }

  /**
   * The error when the role's management policy refuses the request (PIM's {@code
   * RoleAssignmentRequestPolicyValidationFailed}, whose message names the failed rules, such as
   * ExpirationRule for a duration past the policy's maximum).
   */
  static ProviderException refusedByPolicy(
      AzureTarget target, Grant grant, HttpResponseException e) {
    return new ProviderException(
        "the PIM policy of role "
            + target.roleDefinitionId()
            + " at scope "
            + target.scope()
            + " refused the request for "
            + grant.principal().email()
            + ": "
            + AzureErrors.describe(e)
            + "; allow an active assignment of "
            + grant.window().length()
            + " (and the rules named) in the role's management policy",
        e);
  }

  private static Map<String, String> base(String name, AzureTarget target) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("pimRequest", name);
    details.put("roleDefinitionId", target.roleDefinitionId());
    details.put("principalId", target.principalId());
    return details;
  }
}
