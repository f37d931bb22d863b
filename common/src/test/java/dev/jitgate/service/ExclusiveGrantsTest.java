package dev.jitgate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entra PIM keeps one active assignment per person, role and scope, with one schedule: a second
 * request could neither share it nor outlast it, so it is refused while the first is ACTIVE. And an
 * Azure grant key is the same however the policy spells the scope and role.
 */
class ExclusiveGrantsTest {
  private static final String POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com]
        sre-leads: [carol@example.com]
      entitlements:
        - id: prod-reader
          grant:
            kind: azure.pim
            scope: /subscriptions/2f7c1d5e-4b3a-4c2d-9e8f-1a2b3c4d5e6f
            roleDefinitionId: acdd72a7-3385-48ef-bd42-f606fba81ae7
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 0
          duration: {default: PT1H, min: PT5M, max: PT4H}
        - id: prod-reader-spelled-otherwise
          grant:
            kind: azure.pim
            scope: /subscriptions/2F7C1D5E-4B3A-4C2D-9E8F-1A2B3C4D5E6F
            roleDefinitionId: /providers/Microsoft.Authorization/roleDefinitions/ACDD72A7-3385-48EF-BD42-F606FBA81AE7
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 0
          duration: {default: PT1H, min: PT5M, max: PT4H}
      """;

  private final ServiceHarness harness = new ServiceHarness();

  ExclusiveGrantsTest() {
    harness.usePolicy(POLICY);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void secondPimRequest_whileTheFirstIsActive_isRefusedNamingIt_andNothingIsStored() {
    AccessRequest first = harness.request(ServiceHarness.ALICE, "prod-reader", Duration.ofHours(1));
    assertThat(first.state()).isEqualTo(RequestState.ACTIVE);

    assertThatThrownBy(
            () ->
                harness.request(
                    ServiceHarness.ALICE, "prod-reader-spelled-otherwise", Duration.ofHours(2)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(first.id().value())
        .hasMessageContaining("one assignment per person, role and scope");
    assertThat(harness.store.byRequester(new UserId("alice@example.com"), 10)).hasSize(1);
  }

  @Test
  void anotherPerson_orTheSamePersonAfterTheFirstEnded_mayRequest() {
    AccessRequest first = harness.request(ServiceHarness.ALICE, "prod-reader", Duration.ofHours(1));

    assertThat(harness.request(ServiceHarness.BOB, "prod-reader", Duration.ofHours(1)).state())
        .isEqualTo(RequestState.ACTIVE);
    harness.clock.advance(Duration.ofHours(1).plusSeconds(1));
    harness.service.sweep(harness.clock.instant());
    assertThat(harness.stored(first.id()).state()).isEqualTo(RequestState.EXPIRED);
    assertThat(harness.request(ServiceHarness.ALICE, "prod-reader", Duration.ofHours(1)).state())
        .isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void azureTargets_spelledDifferently_areOneGrantKey() {
    GrantSpec bare =
        new GrantSpec.AzureRoleAssignment(
            "/subscriptions/2f7c1d5e-4b3a-4c2d-9e8f-1a2b3c4d5e6f/resourceGroups/rg-App",
            "b24988ac-6180-42a0-ab88-20f7382dd24c");
    GrantSpec full =
        new GrantSpec.AzureRoleAssignment(
            "/subscriptions/2F7C1D5E-4B3A-4C2D-9E8F-1A2B3C4D5E6F/resourceGroups/RG-APP",
            "/subscriptions/2f7c1d5e-4b3a-4c2d-9e8f-1a2b3c4d5e6f/providers/"
                + "Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C");

    assertThat(full.target()).isEqualTo(bare.target());
  }
}
