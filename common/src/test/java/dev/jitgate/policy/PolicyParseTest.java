package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.DurationLimits;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.UserId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyParseTest {

  private static Policy fullPolicy() throws Exception {
    return Policy.load(Path.of(PolicyParseTest.class.getResource("/policy/full.yaml").toURI()));
  }

  private static Entitlement entitlement(Policy policy, String id) {
    return policy.entitlement(new EntitlementId(id)).orElseThrow();
  }

  @Test
  void load_whenFullPolicy_readsEveryEntitlementInFileOrder() throws Exception {
    // when
    Policy policy = fullPolicy();

    // then
    assertThat(policy.entitlements())
        .extracting(e -> e.id().value())
        .containsExactly(
            "gcp-prod-storage-admin",
            "aws-prod-admin",
            "aws-logs-reader",
            "azure-prod-contributor",
            "azure-platform-reader");
  }

  @Test
  void load_whenPolicyMdExample_readsEveryField() throws Exception {
    // when
    Entitlement storage = entitlement(fullPolicy(), "gcp-prod-storage-admin");

    // then
    assertThat(storage.description()).isEqualTo("Storage admin on the production project");
    assertThat(storage.grant())
        .isEqualTo(new GrantSpec.GcpIamBinding("projects/acme-prod", "roles/storage.admin"));
    assertThat(storage.requesters()).containsExactly(new Principal.Group("sre"));
    assertThat(storage.approvers()).containsExactly(new Principal.Group("sre-leads"));
    assertThat(storage.approvalsRequired()).isEqualTo(1);
    assertThat(storage.duration())
        .isEqualTo(
            new DurationLimits(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(4)));
    assertThat(storage.justification().required()).isTrue();
    assertThat(storage.justification().pattern().orElseThrow().pattern())
        .isEqualTo("^(INC|CHG)-[0-9]+");
    assertThat(storage.justification().hint()).contains("Start with the ticket, e.g. INC-123: why");
    assertThat(storage.justification().accepts("INC-42: restore a bucket")).isTrue();
    assertThat(storage.justification().accepts("restore a bucket")).isFalse();
    assertThat(storage.approvalTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(storage.signInRequired()).isFalse();
    assertThat(storage.alsoNotify())
        .containsExactly(
            new NotifyTarget.Mail(new UserId("sre-leads@example.com")),
            new NotifyTarget.Webhook("sre-chat"));
  }

  @Test
  void load_whenEachGrantKind_buildsItsGrantSpecWithTheValuesAsWritten() throws Exception {
    // when
    Policy policy = fullPolicy();

    // then
    assertThat(entitlement(policy, "aws-prod-admin").grant())
        .isEqualTo(
            new GrantSpec.AwsIdentityCenter(
                "arn:aws:sso:::instance/ssoins-7223a1b2c3d4e5f6",
                "d-9067a1b2c3",
                "arn:aws:sso:::permissionSet/ssoins-7223a1b2c3d4e5f6/ps-0a1b2c3d4e5f6a7b",
                "011122223333"));
    assertThat(entitlement(policy, "aws-logs-reader").grant())
        .isInstanceOfSatisfying(
            GrantSpec.AwsRoleCredentials.class,
            grant ->
                assertThat(grant.roleArn())
                    .isEqualTo("arn:aws:iam::111122223333:role/jitgate/log-reader"));
    assertThat(entitlement(policy, "azure-prod-contributor").grant())
        .isEqualTo(
            new GrantSpec.AzurePim(
                "/subscriptions/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b/resourceGroups/rg-prod",
                "b24988ac-6180-42a0-ab88-20f7382dd24c"));
    assertThat(entitlement(policy, "azure-platform-reader").grant())
        .isEqualTo(
            new GrantSpec.AzureRoleAssignment(
                "/providers/Microsoft.Management/managementGroups/acme-platform",
                "/providers/Microsoft.Authorization/roleDefinitions/"
                    + "acdd72a7-3385-48ef-bd42-f606fba81ae7"));
  }

  @Test
  void load_whenSessionPolicyIsYamlMap_storesItAsCompactJson() throws Exception {
    // when
    GrantSpec grant = entitlement(fullPolicy(), "aws-logs-reader").grant();

    // then
    assertThat(((GrantSpec.AwsRoleCredentials) grant).sessionPolicy())
        .contains(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::acme-incident-logs\","
                + "\"arn:aws:s3:::acme-incident-logs/*\"]}]}");
  }

  @Test
  void load_whenEntitlementSetsOwnLimits_keepsThem() throws Exception {
    // when
    Entitlement admin = entitlement(fullPolicy(), "aws-prod-admin");

    // then
    assertThat(admin.approvers())
        .containsExactly(
            new Principal.Group("sre-leads"), new Principal.User(new UserId("erin@example.com")));
    assertThat(admin.approvalsRequired()).isEqualTo(2);
    assertThat(admin.duration())
        .isEqualTo(
            new DurationLimits(Duration.ofHours(2), Duration.ofMinutes(15), Duration.ofDays(1)));
    assertThat(admin.approvalTimeout()).isEqualTo(Duration.ofHours(4));
    assertThat(admin.signInRequired()).isTrue();
  }

  @Test
  void load_whenFieldsOmitted_appliesDocumentedDefaults() throws Exception {
    // when
    Entitlement contributor = entitlement(fullPolicy(), "azure-prod-contributor");

    // then
    assertThat(contributor.description()).isEmpty();
    assertThat(contributor.approvalsRequired()).isEqualTo(1);
    assertThat(contributor.duration())
        .isEqualTo(
            new DurationLimits(Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(8)));
    assertThat(contributor.justification().required()).isFalse();
    assertThat(contributor.justification().pattern()).isEmpty();
    assertThat(contributor.approvalTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(contributor.signInRequired()).isFalse();
    assertThat(contributor.alsoNotify()).isEmpty();
  }

  @Test
  void load_whenWebhooksDefined_readsUrlFormatAndSecretInFileOrder() throws Exception {
    // when
    Policy policy = fullPolicy();

    // then
    assertThat(policy.webhooks())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(
                "sre-chat",
                new Webhook(
                    "sre-chat",
                    URI.create("https://hooks.slack.com/services/T000/B000/XXXX"),
                    Webhook.Format.SLACK,
                    Optional.of("SRE_CHAT_SECRET"))),
            org.assertj.core.api.Assertions.entry(
                "audit-sink",
                new Webhook(
                    "audit-sink",
                    URI.create("https://audit.example.com/jitgate"),
                    Webhook.Format.JSON,
                    Optional.of("AUDIT_SINK_SECRET"))));
  }

  @Test
  void load_whenGroupLeftToClaims_loadsWithOneWarningNamingIt() throws Exception {
    // when
    Policy policy = fullPolicy();

    // then
    assertThat(policy.warnings())
        .containsExactly(
            PolicyFixtures.warning(
                "azure-platform-reader",
                "requesters[0]",
                81,
                "group 'platform-oncall' is not defined under groups:, so only callers who claim"
                    + " it at sign-in match it; write idp-group:platform-oncall to say so"));
  }

  @Test
  void parse_whenScalarsLookLikeOtherYamlTypes_keepsTheTextAsWritten() {
    // given: 0123 is octal 83 to YAML, but an entitlement id here
    String yaml =
        """
        entitlements:
          - id: 0123
            grant: {kind: azure.pim, scope: /subscriptions/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b,\
         roleDefinitionId: b24988ac-6180-42a0-ab88-20f7382dd24c}
            requesters: [user:alice@example.com]
            approvals: 0
        """;

    // when
    Policy policy = Policy.parse(yaml, SOURCE);

    // then
    assertThat(policy.entitlement(new EntitlementId("0123"))).isPresent();
  }
}
