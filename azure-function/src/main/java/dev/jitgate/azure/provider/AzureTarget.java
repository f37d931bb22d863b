package dev.jitgate.azure.provider;

import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Azure grant acts on, in ARM's terms: the scope, the full role definition id at that
 * scope's subscription, and the requester's Entra object id; plus the deterministic names that make
 * every PUT a retry can repeat.
 */
record AzureTarget(String scope, String roleDefinitionId, String roleGuid, String principalId) {
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([0-9a-fA-F-]{36})(/.*)?$");
  private static final Pattern GUID_AT_END = Pattern.compile("([0-9a-fA-F-]{36})$");
  private static final String ROLE_DEFINITIONS =
      "/providers/Microsoft.Authorization/roleDefinitions/";

  /** The target of an {@code azure.pim} or {@code azure.role-assignment} grant. */
  static AzureTarget of(Grant grant) {
    String scope;
    String role;
    if (grant.spec() instanceof GrantSpec.AzurePim pim) {
      scope = pim.scope();
      role = pim.roleDefinitionId();
    } else if (grant.spec() instanceof GrantSpec.AzureRoleAssignment assignment) {
      scope = assignment.scope();
      role = assignment.roleDefinitionId();
    } else {
      throw new IllegalArgumentException(
          "the Azure providers cannot grant " + grant.spec().kind().id());
    }
    PrincipalId principal =
        grant
            .principalId()
            .orElseThrow(
                () ->
                    new ProviderException(
                        "request "
                            + grant.requestId()
                            + " carries no Entra object id for "
                            + grant.principal().email()
                            + ", and Azure assigns roles to object ids: the requester must sign in"
                            + " through Entra ID, whose token has the oid claim"));
    String guid = guid(role);
    return new AzureTarget(scope, definitionId(scope, guid), guid, principal.value());
  }

  /**
   * The full role definition id for {@code guid} at {@code scope}: under the scope's subscription,
   * or tenant-level ({@code /providers/...}) for a management-group scope. Roles are given as a
   * bare GUID or as a full id; both end in the GUID, and ARM expects the id under the assignment's
   * own subscription.
   */
  static String definitionId(String scope, String guid) {
    Matcher subscription = SUBSCRIPTION.matcher(scope);
    if (subscription.matches()) {
      return "/subscriptions/"
          + subscription.group(1).toLowerCase(Locale.ROOT)
          + ROLE_DEFINITIONS
          + guid;
    }
    return ROLE_DEFINITIONS + guid;
  }

  private static String guid(String roleDefinitionId) {
    Matcher end = GUID_AT_END.matcher(roleDefinitionId);
    if (!end.find()) {
      throw new IllegalArgumentException(
          "role definition '" + roleDefinitionId + "' does not end in a GUID");
    }
    return end.group(1).toLowerCase(Locale.ROOT);
  }

  /**
   * The name of the RBAC role assignment: a name-based UUID of scope, role and principal, so that a
   * retry, or another request for the same access, PUTs the same assignment. ARM treats scopes
   * case-insensitively, so the scope is lower-cased first.
   */
  String assignmentName() {
    return nameUuid(
        "jitgate|azure.role-assignment|"
            + scope.toLowerCase(Locale.ROOT)
            + "|"
            + roleGuid
            + "|"
            + principalId);
  }

  /**
   * The name of a PIM role assignment schedule request: a name-based UUID of the request id and the
   * operation ("assign" or "remove"), so that a retry sends the same request again.
   */
  static String requestName(RequestId requestId, String operation) {
    return nameUuid("jitgate|azure.pim|" + requestId.value() + "|" + operation);
  }

  private static String nameUuid(String text) {
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
