package dev.jitgate.azure.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AzureTargetTest {
  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String OTHER_SUB = "00000000-0000-0000-0000-000000000002";
  static final String ROLE = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final String OBJECT_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

  static Grant grant(GrantSpec spec, String objectId, String requestId) {
    return new Grant(
        new RequestId(requestId),
        new EntitlementId("azure-prod"),
        spec,
        new UserId("alice@example.com"),
        Optional.of(new PrincipalId(objectId)),
        Window.of(Instant.parse("2026-11-21T10:00:00Z"), Duration.ofHours(1)),
        "");
  }

  static AzureTarget target(String scope, String role) {
    return AzureTarget.of(
        grant(new GrantSpec.AzureRoleAssignment(scope, role), OBJECT_ID, "req-0000000001"));
  }

  @Test
  void roleDefinition_asABareGuid_becomesTheFullIdAtTheScopesSubscription() {
    assertThat(target("/subscriptions/" + SUB + "/resourceGroups/prod", ROLE).roleDefinitionId())
        .isEqualTo(
            "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE);
  }

  @Test
  void roleDefinition_asATenantLevelOrAnotherSubscriptionsId_movesToTheScopesSubscription() {
    String expected =
        "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE;

    assertThat(
            target(
                    "/subscriptions/" + SUB,
                    "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE.toUpperCase())
                .roleDefinitionId())
        .isEqualTo(expected);
    assertThat(
            target(
                    "/subscriptions/" + SUB + "/resourceGroups/prod",
                    "/subscriptions/"
                        + OTHER_SUB
                        + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + ROLE)
                .roleDefinitionId())
        .isEqualTo(expected);
  }

  @Test
  void roleDefinition_atAManagementGroup_isTheTenantLevelId() {
    assertThat(
            target("/providers/Microsoft.Management/managementGroups/acme-platform", ROLE)
                .roleDefinitionId())
        .isEqualTo("/providers/Microsoft.Authorization/roleDefinitions/" + ROLE);
  }

  @Test
  void assignmentName_isTheSameForTheSameAccess_whateverTheRequestOrTheCase() {
    String scope = "/subscriptions/" + SUB + "/resourceGroups/prod";
    AzureTarget one =
        AzureTarget.of(
            grant(new GrantSpec.AzureRoleAssignment(scope, ROLE), OBJECT_ID, "req-0000000001"));
    AzureTarget two =
        AzureTarget.of(
            grant(
                new GrantSpec.AzureRoleAssignment(
                    scope.replace("prod", "PROD"),
                    "/providers/Microsoft.Authorization/roleDefinitions/" + ROLE),
                OBJECT_ID.toUpperCase(),
                "req-0000000002"));

    assertThat(one.assignmentName()).isEqualTo(two.assignmentName());
    assertThat(UUID.fromString(one.assignmentName()).version()).isEqualTo(3);
  }

  @Test
  void assignmentName_differsForAnotherPrincipalRoleOrScope() {
    String scope = "/subscriptions/" + SUB + "/resourceGroups/prod";
    String base = target(scope, ROLE).assignmentName();

    assertThat(
            AzureTarget.of(
                    grant(
                        new GrantSpec.AzureRoleAssignment(scope, ROLE),
                        "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
                        "req-0000000001"))
                .assignmentName())
        .isNotEqualTo(base);
    assertThat(target(scope, "acdd72a7-3385-48ef-bd42-f606fba81ae7").assignmentName())
        .isNotEqualTo(base);
    assertThat(target("/subscriptions/" + SUB, ROLE).assignmentName()).isNotEqualTo(base);
  }

  @Test
  void requestName_differsByRequestAndOperation_andRepeatsForARetry() {
    RequestId one = new RequestId("req-0000000001");
    RequestId two = new RequestId("req-0000000002");

    assertThat(AzureTarget.requestName(one, "assign"))
        .isEqualTo(AzureTarget.requestName(new RequestId("req-0000000001"), "assign"))
        .isNotEqualTo(AzureTarget.requestName(one, "remove"))
        .isNotEqualTo(AzureTarget.requestName(two, "assign"));
  }

  @Test
  void of_refusesAGrantOfAnotherCloud() {
    assertThatThrownBy(
            () -> AzureTarget.of(grant(Fixtures.AWS_ADMIN_ASSIGNMENT, OBJECT_ID, "req-0000000001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Azure providers cannot grant aws.identity-center");
  }
}
