package dev.jitgate.azure.provider;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Grants {@code azure.role-assignment}: a plain Azure RBAC role assignment (api-version
 * 2022-04-01), for tenants without Entra ID P2. Azure does not end it, so the sweep revokes it; it
 * is named by scope, role and principal, so every request for the same access shares it, and the
 * service reference-counts it (only the last holder's end deletes it). This provider only has to be
 * idempotent.
 */
public final class AzureRoleAssignmentProvider implements AccessProvider {
  static final String WRITE = "Microsoft.Authorization/roleAssignments/write";
  static final String DELETE = "Microsoft.Authorization/roleAssignments/delete";

  // Azure RBAC troubleshooting page: an assignment of the same role to the same principal at the
  // same scope answers 409 RoleAssignmentExists whatever its name; a principal not yet replicated
  // answers 400 PrincipalNotFound.
  static final String EXISTS = "RoleAssignmentExists";
  static final String PRINCIPAL_NOT_FOUND = "PrincipalNotFound";

  static final String DESCRIPTION =
      "jitgate just-in-time access: deleted by jitgate when the last request holding it ends";

  private final Supplier<RoleAssignmentsClient> assignments;
  private final Clock clock;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param assignments gives {@code AuthorizationManager.roleServiceClient().getRoleAssignments()},
   *     on a pipeline without retries ({@link AzureProviders}); asked at each grant and revoke,
   *     never before
   * @param backoff bounds each grant and revoke: all its retries together
   */
  public AzureRoleAssignmentProvider(
      Supplier<RoleAssignmentsClient> assignments, Clock clock, Backoff backoff, Sleeper sleeper) {
    this.assignments = Objects.requireNonNull(assignments, "assignments");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public GrantKind kind() {
    return GrantKind.AZURE_ROLE_ASSIGNMENT;
  }

  /**
   * PUTs the assignment under its deterministic name, with {@code principalType} User (which lets
   * ARM skip its directory lookup for a just-created principal). {@code RoleAssignmentExists} is
   * success: it is this assignment, or the same access given outside jitgate, which a revoke by
   * this name leaves alone.
   */
  @Override
  public Map<String, String> grant(Grant grant) {
    AzureTarget target = AzureTarget.of(grant);
    String name = target.assignmentName();
    AzureAttempts attempts = attempts("granting", target, grant);
    RoleAssignmentCreateParameters parameters =
        new RoleAssignmentCreateParameters()
            .withRoleDefinitionId(target.roleDefinitionId())
            .withPrincipalId(target.principalId())
            .withPrincipalType(PrincipalType.USER)
            .withDescription(DESCRIPTION);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("roleAssignment", name);
    details.put("roleDefinitionId", target.roleDefinitionId());
    details.put("principalId", target.principalId());
    try {
      RoleAssignmentInner created =
          attempts.call(
              WRITE,
              () ->
                  assignments
                      .get()
                      .createWithResponse(target.scope(), name, parameters, Context.NONE)
                      .getValue(),
              e -> AzureErrors.code(e).equals(PRINCIPAL_NOT_FOUND),
              e -> AzureErrors.code(e).equals(EXISTS));
      if (created != null && created.id() != null) {
        details.put("roleAssignmentId", created.id());
      }
    } catch (HttpResponseException e) {
      details.put("assignment", "already present");
    }
    return details;
  }

  /**
   * DELETEs the assignment by its name. ARM answers 204 when there is none, and 404 when the scope
   * itself is gone: both mean the access is gone.
   */
  @Override
  public void revoke(Grant grant) {
    AzureTarget target = AzureTarget.of(grant);
    String name = target.assignmentName();
    AzureAttempts attempts = attempts("revoking", target, grant);
    try {
      attempts.call(
          DELETE,
          () -> assignments.get().deleteWithResponse(target.scope(), name, null, Context.NONE),
          e -> false,
          e -> AzureErrors.status(e) == 404);
    } catch (HttpResponseException e) {
      // 404: already gone.
    }
  }

  private AzureAttempts attempts(String verb, AzureTarget target, Grant grant) {
    return new AzureAttempts(
        verb
            + " role "
            + target.roleDefinitionId()
            + " at "
            + target.scope()
            + " for "
            + grant.principal().email()
            + " (object id "
            + target.principalId()
            + ")",
        target.scope(),
        backoff,
        sleeper,
        clock);
  }
}
