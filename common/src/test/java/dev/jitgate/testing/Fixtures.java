package dev.jitgate.testing;

import dev.jitgate.domain.DurationLimits;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.JustificationRule;
import dev.jitgate.domain.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Realistic entitlements for tests, one per grant kind. */
public final class Fixtures {
  public static final GrantSpec GCP_STORAGE_ADMIN =
      new GrantSpec.GcpIamBinding("projects/acme-prod", "roles/storage.admin");
  public static final GrantSpec AWS_ADMIN_ASSIGNMENT =
      new GrantSpec.AwsIdentityCenter(
          "arn:aws:sso:::instance/ssoins-1234567890abcdef",
          "d-1234567890",
          "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890",
          "123456789012");
  public static final GrantSpec AWS_DEPLOY_CREDENTIALS =
      new GrantSpec.AwsRoleCredentials(
          "arn:aws:iam::123456789012:role/jitgate-deploy", Optional.empty());
  public static final GrantSpec AZURE_PIM_READER =
      new GrantSpec.AzurePim(
          "/subscriptions/00000000-0000-0000-0000-000000000001",
          "acdd72a7-3385-48ef-bd42-f606fba81ae7");
  public static final GrantSpec AZURE_CONTRIBUTOR =
      new GrantSpec.AzureRoleAssignment(
          "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/prod",
          "b24988ac-6180-42a0-ab88-20f7382dd24c");

  private Fixtures() {}

  /**
   * An entitlement that group {@code sre} may request and group {@code sre-leads} approves, with
   * {@code approvals} approvals needed and a justification that starts with a ticket.
   */
  public static Entitlement entitlement(String id, GrantSpec grant, int approvals) {
    return new Entitlement(
        new EntitlementId(id),
        "Test entitlement " + id,
        grant,
        List.of(new Principal.Group("sre")),
        List.of(new Principal.Group("sre-leads")),
        approvals,
        new DurationLimits(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(4)),
        new JustificationRule(
            true, Optional.of(Pattern.compile("^(INC|CHG)-[0-9]+")), Optional.of("INC-123: why")),
        Duration.ofHours(24),
        false,
        List.of());
  }
}
