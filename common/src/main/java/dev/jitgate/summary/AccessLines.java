package dev.jitgate.summary;

import dev.jitgate.domain.GrantSpec;
import dev.jitgate.summary.RequestSummary.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a grant gives, in its cloud's own terms: a short phrase for the headline ("Storage admin on
 * projects/acme-prod") and the labelled lines that spell it out (the role, the resource, the
 * account, the session policy).
 */
final class AccessLines {
  /** Azure's built-in roles that people ask for most, by their fixed definition GUIDs. */
  private static final Map<String, String> AZURE_ROLES =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
          "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator");

  private AccessLines() {}

  /** The headline's phrase and the lines for {@code grant}, named by {@code description}. */
  static Access of(GrantSpec grant, String description) {
    String named = description == null ? "" : description.strip();
    List<Line> lines = new ArrayList<>();
    String what;
    if (grant instanceof GrantSpec.GcpIamBinding g) {
      what = or(named, g.role()) + " on " + g.resource();
      lines.add(Line.of("Role", g.role()));
      lines.add(Line.of("On", g.resource()));
      lines.add(Line.of("Granted as", "a Google Cloud IAM binding that ends on its own"));
    } else if (grant instanceof GrantSpec.GcpServiceAccountToken g) {
      what = or(named, "access tokens") + " of " + g.serviceAccount();
      lines.add(Line.of("Service account", g.serviceAccount()));
      lines.add(new Line("Scopes", g.scopes()));
      lines.add(Line.of("Granted as", "short-lived OAuth access tokens, at most 1 hour each"));
    } else if (grant instanceof GrantSpec.AwsIdentityCenter g) {
      String ps = g.permissionSetArn().substring(g.permissionSetArn().lastIndexOf('/') + 1);
      what = or(named, "permission set " + ps) + " in AWS account " + g.accountId();
      lines.add(Line.of("Permission set", g.permissionSetArn()));
      lines.add(Line.of("Account", g.accountId()));
      lines.add(Line.of("Granted as", "an IAM Identity Center account assignment"));
    } else if (grant instanceof GrantSpec.AwsRoleCredentials g) {
      String role = g.roleArn().substring(g.roleArn().indexOf(":role/") + ":role/".length());
      String account = g.roleArn().split(":")[4];
      what = or(named, "credentials") + " as role " + role + " in AWS account " + account;
      lines.add(Line.of("Role", g.roleArn()));
      lines.add(
          g.sessionPolicy()
              .map(p -> new Line("Session policy", SessionPolicyDigest.lines(p)))
              .orElse(Line.of("Session policy", "none: every permission of the role")));
      lines.add(Line.of("Granted as", "temporary STS credentials that end on their own"));
    } else if (grant instanceof GrantSpec.AzurePim g) {
      what = or(named, azureRole(g.roleDefinitionId())) + " on " + g.scope();
      lines.add(Line.of("Role", azureRole(g.roleDefinitionId())));
      lines.add(Line.of("Scope", g.scope()));
      lines.add(Line.of("Granted as", "an Entra PIM role assignment that ends on its own"));
    } else if (grant instanceof GrantSpec.AzureRoleAssignment g) {
      what = or(named, azureRole(g.roleDefinitionId())) + " on " + g.scope();
      lines.add(Line.of("Role", azureRole(g.roleDefinitionId())));
      lines.add(Line.of("Scope", g.scope()));
      lines.add(Line.of("Granted as", "an Azure role assignment"));
    } else {
      what = or(named, grant.target());
      lines.add(Line.of("Target", grant.target()));
    }
    return new Access(what, List.copyOf(lines));
  }

  /** A role definition as its name and GUID when the name is known, else as given. */
  static String azureRole(String roleDefinitionId) {
    String guid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    String name = AZURE_ROLES.get(guid.toLowerCase(Locale.ROOT));
    return name == null ? "role definition " + roleDefinitionId : name + " (" + guid + ")";
  }

  private static String or(String named, String otherwise) {
    return named.isEmpty() ? otherwise : named;
  }

  /** The headline's phrase and the detail lines. */
  record Access(String what, List<Line> lines) {}
}
