package dev.jitgate.multicloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.aws.AwsWiring;
import dev.jitgate.gcp.GcpWiring;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.http.Router;
import dev.jitgate.policy.Policy;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.TlsPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments on different clouds that share one PostgreSQL store must run one policy: the AWS and
 * Google Cloud composition roots, started on the same database with policies that disagree.
 */
class PolicyDigestAcrossCloudsTest {
  private static final String OTHER_POLICY = "policy/two-approvers-for-gcp.yaml";

  private static TlsPostgres postgres;
  private static IdentityProviderStub idp;

  private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  private CloudStubs stubs;
  private People people;
  private Deployments deployments;

  @BeforeAll
  static void startSharedServers() throws Exception {
    postgres = TlsPostgres.start();
    idp = new IdentityProviderStub();
  }

  @AfterAll
  static void stopSharedServers() {
    idp.close();
    postgres.close();
  }

  @BeforeEach
  void startClouds() throws Exception {
    stubs = new CloudStubs(clock);
    SharedSettings settings = new SharedSettings(postgres, postgres.newDatabase(), idp, 0);
    people = new People(idp, clock);
    deployments = new Deployments(settings, stubs, people, clock);
  }

  @AfterEach
  void stopClouds() {
    try {
      assertThat(deployments.nativeStoresBuilt()).isEmpty();
    } finally {
      deployments.close();
      stubs.close();
    }
  }

  @Test
  void deploymentWithAnotherPolicy_refusesToStart_namingTheDeploymentWhosePolicyTheStoreHolds()
      throws Exception {
    // given: AWS started first and recorded the shared policy
    deployments.awsRoot(Map.of());

    // when / then: Google Cloud, deployed with another policy file, does not start
    assertThatThrownBy(() -> deployments.gcpRoot(Map.of("JITGATE_POLICY", OTHER_POLICY)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this deployment's policy (sha256 " + shortDigest(OTHER_POLICY))
        .hasMessageContaining(
            "differs from the one the shared store last saw (sha256 "
                + shortDigest(SharedSettings.POLICY))
        .hasMessageContaining("recorded by deployment 'aws'")
        .hasMessageContaining("JITGATE_POLICY_TAKEOVER=true");
    // and the store's policy is unchanged: AWS and Google Cloud on the same file both start
    deployments.awsRoot(Map.of());
    assertThat(approvalsForGcp(deployments.gcpRoot(Map.of()).router())).isEqualTo(1);
  }

  @Test
  void takeOver_makesItsPolicyTheStores_andTheFirstDeploymentThenRefusesToRestart()
      throws Exception {
    // given
    deployments.awsRoot(Map.of());

    // when: Google Cloud takes the store over with its policy
    GcpWiring gcp =
        deployments.gcpRoot(
            Map.of("JITGATE_POLICY", OTHER_POLICY, "JITGATE_POLICY_TAKEOVER", "true"));

    // then: it runs its policy, and AWS, still on the old policy, refuses to start again
    assertThat(approvalsForGcp(gcp.router())).isEqualTo(2);
    assertThatThrownBy(() -> deployments.awsRoot(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "this deployment's policy (sha256 " + shortDigest(SharedSettings.POLICY))
        .hasMessageContaining("recorded by deployment 'gcp'");
    // and once AWS is deployed with the new file, both start without a take-over
    AwsWiring aws = deployments.awsRoot(Map.of("JITGATE_POLICY", OTHER_POLICY));
    assertThat(approvalsForGcp(aws.router())).isEqualTo(2);
    deployments.gcpRoot(Map.of("JITGATE_POLICY", OTHER_POLICY));
  }

  /**
   * The approvals a new Google request needs under the policy {@code router}'s deployment runs: 1
   * in the shared policy, 2 in the other.
   */
  private int approvalsForGcp(Router router) {
    HttpResponse created =
        router.handle(
            HttpRequest.of(
                "POST",
                "/api/v1/requests",
                null,
                Map.of(
                    "authorization", List.of("Bearer " + people.token(People.ALICE)),
                    "content-type", List.of("application/json")),
                ("{\"entitlement\":\"gcp-storage-admin\",\"duration\":\"PT1H\","
                        + "\"justification\":\"INC-4711: restore\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    return new Answer(created.status(), created.bodyText())
        .json()
        .path("approvalsRequired")
        .asInt();
  }

  /** The first 12 hex digits of the SHA-256 of a policy file, as the refusal names them. */
  private static String shortDigest(String resource) throws IOException {
    try (InputStream in =
        PolicyDigestAcrossCloudsTest.class.getClassLoader().getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Policy.parse(text, resource).digest().substring(0, 12);
    }
  }
}
