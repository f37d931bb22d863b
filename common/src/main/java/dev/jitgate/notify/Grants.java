package dev.jitgate.notify;

import dev.jitgate.domain.GrantSpec;

/** Says in words what a grant gives, for the people who approve it. */
public final class Grants {
  private Grants() {}

  public static String describe(GrantSpec grant) {
    String what;
    if (grant instanceof GrantSpec.GcpIamBinding g) {
      what = g.role() + " on " + g.resource();
    } else if (grant instanceof GrantSpec.GcpServiceAccountToken g) {
      what = "access tokens of " + g.serviceAccount() + " for " + String.join(", ", g.scopes());
    } else if (grant instanceof GrantSpec.AwsIdentityCenter g) {
      what = "permission set " + g.permissionSetArn() + " in account " + g.accountId();
    } else if (grant instanceof GrantSpec.AwsRoleCredentials g) {
      what =
          "credentials for "
              + g.roleArn()
              + (g.sessionPolicy().isPresent() ? ", narrowed by a session policy" : "");
    } else if (grant instanceof GrantSpec.AzurePim g) {
      what = "PIM role " + g.roleDefinitionId() + " on " + g.scope();
    } else if (grant instanceof GrantSpec.AzureRoleAssignment g) {
      what = "role " + g.roleDefinitionId() + " on " + g.scope();
    } else {
      what = grant.target();
    }
    return grant.kind().id() + ": " + what;
  }
}
