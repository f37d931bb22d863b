package dev.jitgate.azure.provider;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentScheduleRequestsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentScheduleRequestInner;
import com.azure.resourcemanager.authorization.models.RequestType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentScheduleRequestPropertiesScheduleInfo;
import com.azure.resourcemanager.authorization.models.RoleAssignmentScheduleRequestPropertiesScheduleInfoExpiration;
import com.azure.resourcemanager.authorization.models.Type;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Grants {@code azure.pim}: an active PIM role assignment for the access window, made by a role
 * assignment schedule request ({@code AdminAssign}, api-version 2020-10-01) whose expiration is the
 * window's end, so Azure ends the access itself. An early revoke is an {@code AdminRemove} request.
 * Both requests have deterministic names, so a retry repeats the same request.
 */
public final class AzurePimProvider implements AccessProvider {
  static final String WRITE = "Microsoft.Authorization/roleAssignmentScheduleRequests/write";
  static final String READ = "Microsoft.Authorization/roleAssignmentScheduleRequests/read";

  /**
   * The longest justification sent. The ARM schema sets none, but the PIM portal takes at most 500
   * characters for a reason, and requests made here show up there.
   */
  static final int JUSTIFICATION_LIMIT = 500;

  // PIM's error codes (Azure REST API reference, "privileged role common errors"; the removal codes
  // as terraform-provider-azurerm's azurerm_pim_active_role_assignment handles them).
  static final String EXISTS = "RoleAssignmentExists";
  static final String REQUEST_EXISTS = "RoleAssignmentRequestExists";
  static final String POLICY_FAILED = "RoleAssignmentRequestPolicyValidationFailed";
  static final String SUBJECT_NOT_FOUND = "SubjectNotFound";
  static final String DOES_NOT_EXIST = "RoleAssignmentDoesNotExist";
  static final String TOO_SHORT = "ActiveDurationTooShort";

  private final Supplier<RoleAssignmentScheduleRequestsClient> requests;
  private final Clock clock;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param requests gives {@code AuthorizationManager.roleServiceClient()
   *     .getRoleAssignmentScheduleRequests()}, on a pipeline without retries ({@link
   *     AzureProviders}); asked at each grant and revoke, never before
   * @param backoff bounds each grant and revoke: all its retries together
   */
  public AzurePimProvider(
      Supplier<RoleAssignmentScheduleRequestsClient> requests,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    this.requests = Objects.requireNonNull(requests, "requests");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public GrantKind kind() {
    return GrantKind.AZURE_PIM;
  }

  /**
   * Sends the {@code AdminAssign} request. {@code SubjectNotFound} (the object id has not reached
   * PIM's copy of the directory yet) is tried again; an assignment that already exists, or this
   * very request already sent, is success.
   */
  @Override
  public Map<String, String> grant(Grant grant) {
    AzureTarget target = AzureTarget.of(grant);
    String name = AzureTarget.requestName(grant.requestId(), "assign");
    AzureAttempts attempts = attempts("granting", target, grant);
    RoleAssignmentScheduleRequestInner request =
        scheduleRequest(target, grant, RequestType.ADMIN_ASSIGN);
    try {
      RoleAssignmentScheduleRequestInner created =
          attempts.call(
              WRITE,
              () ->
                  requests
                      .get()
                      .createWithResponse(target.scope(), name, request, Context.NONE)
                      .getValue(),
              e -> AzureErrors.code(e).equals(SUBJECT_NOT_FOUND),
              e -> Set.of(EXISTS, REQUEST_EXISTS, POLICY_FAILED).contains(AzureErrors.code(e)));
      return PimRequests.accepted(created, name, target, attempts);
    } catch (HttpResponseException e) {
      String code = AzureErrors.code(e);
      if (code.equals(EXISTS)) {
        // Not an earlier try of this grant (that answers RoleAssignmentRequestExists, for the same
        // request name): another assignment holds the role, and PIM keeps one per person, role
        // and scope. Granting on top of it would end this request's access on its schedule.
        throw PimRequests.heldElsewhere(target, grant);
      }
      if (code.equals(REQUEST_EXISTS)) {
        RoleAssignmentScheduleRequestInner earlier =
            attempts.call(
                READ,
                () -> requests.get().getWithResponse(target.scope(), name, Context.NONE).getValue(),
                x -> false,
                x -> false);
        return PimRequests.accepted(earlier, name, target, attempts);
      }
      throw PimRequests.refusedByPolicy(target, grant, e); // the one expected code left
    }
  }

  /** A request of {@code type} for the grant's window, ending at the window's end. */
  private RoleAssignmentScheduleRequestInner scheduleRequest(
      AzureTarget target, Grant grant, RequestType type) {
    return new RoleAssignmentScheduleRequestInner()
        .withPrincipalId(target.principalId())
        .withRoleDefinitionId(target.roleDefinitionId())
        .withRequestType(type)
        .withJustification(justification(grant))
        .withScheduleInfo(
            new RoleAssignmentScheduleRequestPropertiesScheduleInfo()
                .withStartDateTime(grant.window().start().atOffset(ZoneOffset.UTC))
                .withExpiration(
                    new RoleAssignmentScheduleRequestPropertiesScheduleInfoExpiration()
                        .withType(Type.AFTER_DATE_TIME)
                        .withEndDateTime(grant.window().end().atOffset(ZoneOffset.UTC))));
  }

  /**
   * Sends an {@code AdminExtend} request for the assignment this request made, with the new end as
   * its expiration. AdminExtend, rather than a new AdminAssign schedule, because PIM keeps one
   * active assignment per person, role and scope: a second AdminAssign is refused with {@code
   * RoleAssignmentExists}, and removing first would cut the access off in between. PIM only extends
   * an assignment that exists ({@code RoleAssignmentDoesNotExist} otherwise), so an extension never
   * brings back access that ended; that answer is reported as {@code "artifact": "missing"}. Each
   * new end has its own request name, so a retry of the same extension reads the first one back.
   */
  @Override
  public Map<String, String> extend(Grant grant) {
    AzureTarget target = AzureTarget.of(grant);
    String name =
        AzureTarget.requestName(
            grant.requestId(), "extend-" + grant.window().end().getEpochSecond());
    AzureAttempts attempts = attempts("extending", target, grant);
    RoleAssignmentScheduleRequestInner request =
        scheduleRequest(target, grant, RequestType.ADMIN_EXTEND);
    try {
      RoleAssignmentScheduleRequestInner created =
          attempts.call(
              WRITE,
              () ->
                  requests
                      .get()
                      .createWithResponse(target.scope(), name, request, Context.NONE)
                      .getValue(),
              e -> AzureErrors.code(e).equals(SUBJECT_NOT_FOUND),
              e ->
                  Set.of(DOES_NOT_EXIST, REQUEST_EXISTS, POLICY_FAILED)
                      .contains(AzureErrors.code(e)));
      return PimRequests.accepted(created, name, target, attempts);
    } catch (HttpResponseException e) {
      String code = AzureErrors.code(e);
      if (code.equals(DOES_NOT_EXIST)) {
        return Map.of("artifact", "missing", "pimRequest", name);
      }
      if (code.equals(REQUEST_EXISTS)) {
        RoleAssignmentScheduleRequestInner earlier =
            attempts.call(
                READ,
                () -> requests.get().getWithResponse(target.scope(), name, Context.NONE).getValue(),
                x -> false,
                x -> false);
        return PimRequests.accepted(earlier, name, target, attempts);
      }
      throw PimRequests.refusedByPolicy(target, grant, e);
    }
  }

  /**
   * Sends the {@code AdminRemove} request. PIM refuses to remove an assignment in its first minutes
   * ({@code ActiveDurationTooShort}), which is tried again; an assignment that is gone ({@code
   * RoleAssignmentDoesNotExist}, as after Azure ended it at the window's end), a principal that is
   * gone from the directory ({@code SubjectNotFound}), or this removal already sent, is success.
   */
  @Override
  public void revoke(Grant grant) {
    AzureTarget target = AzureTarget.of(grant);
    String name = AzureTarget.requestName(grant.requestId(), "remove");
    AzureAttempts attempts = attempts("revoking", target, grant);
    RoleAssignmentScheduleRequestInner request =
        new RoleAssignmentScheduleRequestInner()
            .withPrincipalId(target.principalId())
            .withRoleDefinitionId(target.roleDefinitionId())
            .withRequestType(RequestType.ADMIN_REMOVE)
            .withJustification(bounded("Access ended", grant));
    try {
      RoleAssignmentScheduleRequestInner sent =
          attempts.call(
              WRITE,
              () ->
                  requests
                      .get()
                      .createWithResponse(target.scope(), name, request, Context.NONE)
                      .getValue(),
              e -> AzureErrors.code(e).equals(TOO_SHORT),
              e ->
                  Set.of(DOES_NOT_EXIST, REQUEST_EXISTS, SUBJECT_NOT_FOUND)
                      .contains(AzureErrors.code(e)));
      PimRequests.removed(sent, name, attempts);
    } catch (HttpResponseException e) {
      // Already gone, or already being removed: nothing left to do.
    }
  }

  /** The request's justification and id, within {@link #JUSTIFICATION_LIMIT}. */
  static String justification(Grant grant) {
    return bounded(grant.justification(), grant);
  }

  private static String bounded(String text, Grant grant) {
    String suffix = " (jitgate " + grant.requestId().value() + ")";
    String body = text.strip();
    int room = JUSTIFICATION_LIMIT - suffix.length();
    if (body.length() > room) {
      int cut = room - 1;
      if (Character.isLowSurrogate(body.charAt(cut))) {
        cut--; // never split a character in two
      }
      body = body.substring(0, cut).strip() + "…";
    }
    return body + suffix;
  }

  private AzureAttempts attempts(String verb, AzureTarget target, Grant grant) {
    return new AzureAttempts(
        verb
            + " PIM role "
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
