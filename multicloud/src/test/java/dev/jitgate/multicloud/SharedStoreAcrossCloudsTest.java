package dev.jitgate.multicloud;

import static dev.jitgate.multicloud.People.ALICE;
import static dev.jitgate.multicloud.People.BOB;
import static dev.jitgate.multicloud.People.CAROL;
import static dev.jitgate.multicloud.People.DAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jitgate.service.SweepReport;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.TlsPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three deployments, on AWS, Azure and Google Cloud, share one real PostgreSQL store (verified TLS
 * only). Their composition roots run in this JVM, each with its own cloud's providers against its
 * own cloud's wire stub, each reached through its own platform's front door: API Gateway events for
 * AWS, the Functions worker's messages for Azure, HTTP to Google's invoker for Google Cloud. Every
 * test gets a fresh database and fresh stubs.
 */
class SharedStoreAcrossCloudsTest {
  @RegisterExtension
  static final GreenMailExtension MAIL =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static final Duration GRACE = Duration.ofSeconds(31);

  private static TlsPostgres postgres;
  private static IdentityProviderStub idp;

  private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  private final Mailbox mailbox = new Mailbox(MAIL);
  private CloudStubs stubs;
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
    SharedSettings settings =
        new SharedSettings(postgres, postgres.newDatabase(), idp, MAIL.getSmtp().getPort());
    deployments = new Deployments(settings, stubs, new People(idp, clock), clock);
  }

  @AfterEach
  void stopClouds() {
    try {
      // On the shared store no deployment builds its platform's own store.
      assertThat(deployments.nativeStoresBuilt()).isEmpty();
    } finally {
      deployments.close();
      stubs.close();
    }
  }

  @Test
  void requestsTakenAndApprovedOnOtherClouds_areGrantedByTheirOwnCloudsSweep_atTheirOwnStubOnly()
      throws Exception {
    // given
    Deployment aws = deployments.aws();
    Deployment azure = deployments.azure();
    Deployment gcp = deployments.gcp();

    // when: each cloud's request is taken by another cloud's front door
    String awsId = azure.request(ALICE, "aws-prod-admin", "PT1H");
    String azureId = gcp.request(ALICE, "azure-app-contributor", "PT1H");
    String gcpId = aws.request(ALICE, "gcp-storage-admin", "PT1H");
    // and approved where its cloud's provider is not: by API, and by the mailed links, which the
    // deployment that took the request sent with its own base URL
    assertThat(gcp.approve(CAROL, awsId).path("state").asText()).isEqualTo("APPROVED");
    URI azureLink = mailbox.approvalLink(CAROL, azureId);
    assertThat(azureLink.toString()).startsWith(gcp.baseUrl + "/approvals/");
    assertThat(gcp.open(azureLink).status()).isEqualTo(200);
    assertDecided(gcp.decide(azureLink, "approve", "INC-4711 ok"), "APPROVED");
    URI gcpLink = mailbox.approvalLink(DAVE, gcpId);
    assertThat(gcpLink.toString()).startsWith(aws.baseUrl + "/approvals/");
    assertDecided(aws.decide(gcpLink, "approve", "INC-4711 ok"), "APPROVED");

    // then: approving granted nothing, since no approving deployment had the provider; nor does
    // a sweep within the grace that an approving call gets to activate
    assertThat(aws.sweep().activated() + azure.sweep().activated() + gcp.sweep().activated())
        .isZero();
    assertThat(stubs.awsCalls()).isEmpty();
    assertThat(stubs.azureCalls()).isEmpty();
    assertThat(stubs.googleOperations()).isEmpty();

    // when: the activation grace has passed, and AWS's sweep runs
    clock.advance(GRACE);
    SweepReport awsSweep = aws.sweep();

    // then: only the AWS request is active, granted at the AWS stub alone
    assertThat(awsSweep.activated()).isEqualTo(1);
    assertThat(states(gcp, awsId, azureId, gcpId))
        .containsExactly("ACTIVE", "APPROVED", "APPROVED");
    assertThat(stubs.awsOperations())
        .contains("AWSIdentityStore.GetUserId", "SWBExternalService.CreateAccountAssignment")
        .containsOnly("AWSIdentityStore.GetUserId", "SWBExternalService.CreateAccountAssignment");
    assertThat(stubs.awsCalls())
        .filteredOn(r -> "SWBExternalService.CreateAccountAssignment".equals(op(r)))
        .allSatisfy(
            r ->
                assertThat(r.getBodyAsString())
                    .contains("\"TargetId\":\"" + CloudStubs.AWS_ACCOUNT + "\"")
                    .contains("\"PrincipalId\":\"" + CloudStubs.AWS_USER_ID + "\""));
    assertThat(stubs.azureCalls()).isEmpty();
    assertThat(stubs.googleOperations()).isEmpty();
    int awsCalls = stubs.awsCalls().size();

    // when: Azure's sweep runs
    SweepReport azureSweep = azure.sweep();

    // then: the Azure request is active, granted at Resource Manager alone
    assertThat(azureSweep.activated()).isEqualTo(1);
    assertThat(states(aws, awsId, azureId, gcpId)).containsExactly("ACTIVE", "ACTIVE", "APPROVED");
    assertThat(stubs.azureCalls())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getMethod().getName()).isEqualTo("PUT");
              assertThat(r.getUrl())
                  .contains(CloudStubs.AZURE_SCOPE + "/providers/Microsoft.Authorization/");
              assertThat(r.getBodyAsString()).contains(People.oid(ALICE));
            });
    assertThat(stubs.awsCalls()).hasSize(awsCalls);
    assertThat(stubs.googleOperations()).isEmpty();
    int azureCalls = stubs.azureCalls().size();

    // when: Google Cloud's sweep runs
    SweepReport gcpSweep = gcp.sweep();

    // then: the Google request is active, bound in the project's IAM policy alone
    assertThat(gcpSweep.activated()).isEqualTo(1);
    assertThat(states(azure, awsId, azureId, gcpId)).containsExactly("ACTIVE", "ACTIVE", "ACTIVE");
    assertThat(stubs.googleOperations())
        .contains("setIamPolicy " + CloudStubs.GCP_PROJECT)
        .allSatisfy(call -> assertThat(call).endsWith(" " + CloudStubs.GCP_PROJECT));
    assertThat(stubs.gcpBindings())
        .anySatisfy(
            b -> {
              assertThat(b.getRole()).isEqualTo(CloudStubs.GCP_ROLE);
              assertThat(b.getMembersList()).containsExactly("user:" + People.email(ALICE));
              assertThat(b.getCondition().getTitle()).isEqualTo("jitgate " + gcpId);
            });
    assertThat(stubs.awsCalls()).hasSize(awsCalls);
    assertThat(stubs.azureCalls()).hasSize(azureCalls);

    // and: every audit trail verifies, read through a deployment that did not take the request
    assertAuditIntact(gcp, awsId, "requested", "approved", "activated");
    assertAuditIntact(azure, azureId, "requested", "approved", "activated");
    assertAuditIntact(azure, gcpId, "requested", "approved", "activated");
  }

  @Test
  void oneApproversQueue_onEveryDeployment_listsThePendingRequestsOfAllThreeClouds()
      throws Exception {
    // given: pending requests for the three clouds, each taken by its own cloud's deployment, and
    // one that is decided already
    Deployment aws = deployments.aws();
    Deployment azure = deployments.azure();
    Deployment gcp = deployments.gcp();
    String awsId = aws.request(ALICE, "aws-prod-admin", "PT1H");
    String azureId = azure.request(BOB, "azure-app-contributor", "PT2H");
    String gcpId = gcp.request(ALICE, "gcp-storage-admin", "PT30M");
    String decided = gcp.request(BOB, "aws-prod-admin", "PT1H");
    assertThat(azure.approve(DAVE, decided).path("state").asText()).isEqualTo("APPROVED");

    for (Deployment deployment : List.of(aws, azure, gcp)) {
      // when
      JsonNode queue =
          deployment
              .expect(200, CAROL, "GET", "/api/v1/requests?role=approver", null)
              .path("requests");

      // then
      assertThat(ids(queue))
          .as("carol's queue on %s", deployment.name)
          .containsExactlyInAnyOrder(awsId, azureId, gcpId);
      assertThat(fields(queue, "cloud")).containsExactlyInAnyOrder("aws", "azure", "gcp");
      assertThat(fields(queue, "state")).containsOnly("PENDING");
    }
    // and a requester sees their own requests on any deployment, wherever they were taken
    JsonNode bobs = aws.expect(200, BOB, "GET", "/api/v1/requests", null).path("requests");
    assertThat(ids(bobs)).containsExactlyInAnyOrder(azureId, decided);
  }

  @Test
  void eachCloudsSweep_expiresOnlyItsOwnCloudsGrants() throws Exception {
    // given: three active grants, each approved on its own cloud's deployment, which grants at once
    Deployment aws = deployments.aws();
    Deployment azure = deployments.azure();
    Deployment gcp = deployments.gcp();
    String awsId = azure.request(ALICE, "aws-prod-admin", "PT1H");
    String azureId = gcp.request(ALICE, "azure-app-contributor", "PT1H");
    String gcpId = aws.request(ALICE, "gcp-storage-admin", "PT1H");
    assertThat(aws.approve(CAROL, awsId).path("state").asText()).isEqualTo("ACTIVE");
    assertThat(azure.approve(CAROL, azureId).path("state").asText()).isEqualTo("ACTIVE");
    assertThat(gcp.approve(CAROL, gcpId).path("state").asText()).isEqualTo("ACTIVE");
    assertThat(stubs.gcpBindings()).hasSize(1);
    int azureCalls = stubs.azureCalls().size();
    int googleCalls = stubs.googleOperations().size();
    // and an early revoke works only where the provider is
    Answer elsewhere =
        aws.call(CAROL, "POST", "/api/v1/requests/" + gcpId + "/revoke", "{\"reason\":\"done\"}");
    assertThat(elsewhere.status()).isEqualTo(409);
    assertThat(elsewhere.json().path("error").path("message").asText())
        .isEqualTo(
            "this deployment cannot end gcp.iam-binding grants; the deployment for gcp does that");
    assertThat(aws.state(gcpId)).isEqualTo("ACTIVE");
    assertThat(stubs.googleOperations()).hasSize(googleCalls);

    // when: every window has ended, and AWS's sweep runs
    clock.advance(Duration.ofHours(1).plusMinutes(1));
    SweepReport awsSweep = aws.sweep();

    // then: it expired the AWS grant alone, deleting the assignment at the AWS stub
    assertThat(awsSweep.expired()).isEqualTo(1);
    assertThat(states(gcp, awsId, azureId, gcpId)).containsExactly("EXPIRED", "ACTIVE", "ACTIVE");
    assertThat(stubs.awsOperations()).contains("SWBExternalService.DeleteAccountAssignment");
    assertThat(stubs.azureCalls()).hasSize(azureCalls);
    assertThat(stubs.googleOperations()).hasSize(googleCalls);
    int awsCalls = stubs.awsCalls().size();

    // when: Azure's sweep runs
    SweepReport azureSweep = azure.sweep();

    // then: it expired the Azure grant alone, deleting the role assignment at Resource Manager
    assertThat(azureSweep.expired()).isEqualTo(1);
    assertThat(states(aws, awsId, azureId, gcpId)).containsExactly("EXPIRED", "EXPIRED", "ACTIVE");
    List<LoggedRequest> azureEnd =
        stubs.azureCalls().subList(azureCalls, stubs.azureCalls().size());
    assertThat(azureEnd)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getMethod().getName()).isEqualTo("DELETE"));
    assertThat(stubs.awsCalls()).hasSize(awsCalls);
    assertThat(stubs.googleOperations()).hasSize(googleCalls);
    assertThat(stubs.gcpBindings()).hasSize(1);

    // when: Google Cloud's sweep runs
    SweepReport gcpSweep = gcp.sweep();

    // then: it expired the Google grant, removing the binding from the project's policy
    assertThat(gcpSweep.expired()).isEqualTo(1);
    assertThat(states(azure, awsId, azureId, gcpId))
        .containsExactly("EXPIRED", "EXPIRED", "EXPIRED");
    assertThat(stubs.gcpBindings()).isEmpty();
    assertThat(stubs.awsCalls()).hasSize(awsCalls);
    assertThat(stubs.azureCalls()).hasSize(azureCalls + azureEnd.size());
    // and nothing is left for any sweep; every trail verifies wherever it is read
    for (Deployment deployment : List.of(aws, azure, gcp)) {
      assertThat(deployment.sweep().changes()).as(deployment.name).isZero();
    }
    assertAuditIntact(gcp, awsId, "requested", "approved", "activated", "expired");
    assertAuditIntact(aws, azureId, "requested", "approved", "activated", "expired");
    assertAuditIntact(azure, gcpId, "requested", "approved", "activated", "expired");
  }

  @Test
  void killedDeployment_leavesItsCloudsRequestsWaiting_whileTheOthersCarryOn_untilItRestarts()
      throws Exception {
    // given: a Google request taken while all three run
    Deployment aws = deployments.aws();
    Deployment azure = deployments.azure();
    Deployment gcp = deployments.gcp();
    String gcpId = gcp.request(ALICE, "gcp-storage-admin", "PT1H");

    // when: the Google deployment dies; its cloud's requests, the one it took and a new one, are
    // approved elsewhere (by API, by a mailed link), and the other clouds' go on as before
    gcp.close();
    assertThatThrownBy(() -> gcp.state(gcpId)).hasMessageContaining("on the invoker failed");
    String lateGcpId = azure.request(BOB, "gcp-storage-admin", "PT1H");
    String awsId = azure.request(BOB, "aws-prod-admin", "PT15M");
    String azureId = aws.request(BOB, "azure-app-contributor", "PT15M");
    assertThat(aws.approve(CAROL, gcpId).path("state").asText()).isEqualTo("APPROVED");
    URI lateLink = mailbox.approvalLink(DAVE, lateGcpId);
    assertDecided(azure.decide(lateLink, "approve", "INC-4711 ok"), "APPROVED");
    assertThat(azure.approve(CAROL, awsId).path("state").asText()).isEqualTo("APPROVED");
    URI azureLink = mailbox.approvalLink(DAVE, azureId);
    assertThat(azureLink.toString()).startsWith(aws.baseUrl + "/approvals/");
    assertDecided(aws.decide(azureLink, "approve", "INC-4711 ok"), "APPROVED");
    long waitingVersion = aws.show(ALICE, gcpId).path("version").asLong();

    // and: the surviving deployments sweep, after the grace and after their windows
    clock.advance(GRACE);
    assertThat(aws.sweep().activated()).isEqualTo(1);
    assertThat(azure.sweep().activated()).isEqualTo(1);
    assertThat(states(azure, awsId, azureId, gcpId, lateGcpId))
        .containsExactly("ACTIVE", "ACTIVE", "APPROVED", "APPROVED");
    clock.advance(Duration.ofMinutes(15));
    assertThat(aws.sweep().expired()).isEqualTo(1);
    assertThat(azure.sweep().expired()).isEqualTo(1);

    // then: AWS and Azure carried on to the end, and Google's requests wait, untouched
    assertThat(states(aws, awsId, azureId, gcpId, lateGcpId))
        .containsExactly("EXPIRED", "EXPIRED", "APPROVED", "APPROVED");
    assertThat(aws.show(ALICE, gcpId).path("version").asLong()).isEqualTo(waitingVersion);
    assertThat(stubs.googleOperations()).isEmpty();
    assertThat(stubs.awsOperations()).contains("SWBExternalService.DeleteAccountAssignment");
    assertThat(stubs.azureOperations()).anySatisfy(call -> assertThat(call).startsWith("DELETE "));

    // when: the Google deployment comes back (a new root on the same database) and sweeps
    Deployment restarted = deployments.gcp();
    SweepReport caughtUp = restarted.sweep();

    // then: it grants the waiting requests, for what is left of the windows fixed at approval
    assertThat(caughtUp.activated()).isEqualTo(2);
    assertThat(states(restarted, gcpId, lateGcpId)).containsExactly("ACTIVE", "ACTIVE");
    assertThat(stubs.googleOperations()).contains("setIamPolicy " + CloudStubs.GCP_PROJECT);
    assertThat(stubs.gcpBindings())
        .extracting(b -> b.getCondition().getTitle())
        .containsExactlyInAnyOrder("jitgate " + gcpId, "jitgate " + lateGcpId);
    // and its sweep ends them when those windows end
    clock.advance(Duration.ofMinutes(45));
    assertThat(restarted.sweep().expired()).isEqualTo(2);
    assertThat(states(restarted, gcpId, lateGcpId)).containsExactly("EXPIRED", "EXPIRED");
    assertThat(stubs.gcpBindings()).isEmpty();
    assertAuditIntact(azure, gcpId, "requested", "approved", "activated", "expired");
    assertAuditIntact(aws, lateGcpId, "requested", "approved", "activated", "expired");
  }

  private static List<String> states(Deployment through, String... ids) {
    List<String> states = new ArrayList<>();
    for (String id : ids) {
      states.add(through.state(id));
    }
    return states;
  }

  private static List<String> ids(JsonNode requests) {
    return fields(requests, "id");
  }

  /** Field {@code name} of each element of {@code array}, in order. */
  private static List<String> fields(JsonNode array, String name) {
    List<String> values = new ArrayList<>();
    array.forEach(element -> values.add(element.path(name).asText()));
    return values;
  }

  private static String op(LoggedRequest request) {
    return request.getHeader("X-Amz-Target");
  }

  private static void assertDecided(Answer page, String state) {
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Decision recorded").contains(state);
  }

  /**
   * The audit trail of request {@code id}, read by an approver through {@code through}, verifies.
   */
  private static void assertAuditIntact(Deployment through, String id, String... types) {
    JsonNode audit = through.expect(200, CAROL, "GET", "/api/v1/requests/" + id + "/audit", null);
    assertThat(audit.path("chainValid").asBoolean()).as("chainValid of %s", id).isTrue();
    List<String> seen = fields(audit.path("events"), "type");
    assertThat(seen).as("audit events of %s", id).contains(types);
  }
}
