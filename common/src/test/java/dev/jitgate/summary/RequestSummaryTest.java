package dev.jitgate.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.store.TestRequests;
import dev.jitgate.summary.RequestSummary.Line;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestSummaryTest {
  private static final Instant NOW = TestRequests.T0.plus(Duration.ofMinutes(3));
  private static final String SUB = "/subscriptions/6f2c1a5e-3b7d-4c1e-9a0f-2d8e5b4c7a10";

  static Stream<Arguments> everyKind() {
    return Stream.of(
        Arguments.of(
            TestRequests.gcpIamBinding(),
            "alice@example.com asks for roles/cloudsql.viewer on projects/jitgate-prod-42 for 2"
                + " hours",
            List.of(
                Line.of("Role", "roles/cloudsql.viewer"),
                Line.of("On", "projects/jitgate-prod-42"))),
        Arguments.of(
            TestRequests.gcpServiceAccountToken(),
            "alice@example.com asks for access tokens of"
                + " deployer@jitgate-prod-42.iam.gserviceaccount.com for 2 hours",
            List.of(
                Line.of("Service account", "deployer@jitgate-prod-42.iam.gserviceaccount.com"),
                new Line(
                    "Scopes",
                    List.of(
                        "https://www.googleapis.com/auth/devstorage.read_write",
                        "https://www.googleapis.com/auth/cloud-platform.read-only")))),
        Arguments.of(
            TestRequests.awsIdentityCenter(),
            "alice@example.com asks for permission set ps-0a1b2c3d4e5f6a7b in AWS account"
                + " 123456789012 for 2 hours",
            List.of(
                Line.of(
                    "Permission set",
                    "arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b"),
                Line.of("Account", "123456789012"))),
        Arguments.of(
            TestRequests.awsRoleCredentials(),
            "alice@example.com asks for credentials as role jitgate/BreakGlass in AWS account"
                + " 123456789012 for 2 hours",
            List.of(
                Line.of("Role", "arn:aws:iam::123456789012:role/jitgate/BreakGlass"),
                Line.of("Session policy", "Allow s3:GetObject on arn:aws:s3:::audit-logs/*"))),
        Arguments.of(
            TestRequests.awsRoleCredentialsUnscoped(),
            "alice@example.com asks for credentials as role ReadOnly in AWS account 123456789012"
                + " for 2 hours",
            List.of(
                Line.of("Role", "arn:aws:iam::123456789012:role/ReadOnly"),
                Line.of("Session policy", "none: every permission of the role"))),
        Arguments.of(
            TestRequests.azurePim(),
            "alice@example.com asks for Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7) on "
                + SUB
                + " for 2 hours",
            List.of(
                Line.of("Role", "Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7)"),
                Line.of("Scope", SUB))),
        Arguments.of(
            TestRequests.azureRoleAssignment(),
            "alice@example.com asks for Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c) on "
                + SUB
                + "/resourceGroups/rg-payments for 2 hours",
            List.of(
                Line.of("Role", "Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c)"),
                Line.of("Scope", SUB + "/resourceGroups/rg-payments"))));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void summary_withoutDescription_namesTheGrantInTheCloudsTerms(
      GrantSpec grant, String headline, List<Line> access) {
    AccessRequest pending = TestRequests.request().grant(grant).pending();

    RequestSummary s = RequestSummary.of(pending, Optional.empty(), Optional.empty(), NOW);

    assertThat(s.headline()).isEqualTo(headline);
    assertThat(s.accessLines()).containsAll(access);
  }

  @Test
  void headline_withDescription_namesItAndWhere() {
    AccessRequest pending =
        TestRequests.request()
            .grant(TestRequests.gcpIamBinding())
            .duration(Duration.ofHours(1))
            .pending();

    RequestSummary s =
        RequestSummary.of(
            pending, Optional.of(described("Cloud SQL viewer")), Optional.empty(), NOW);

    assertThat(s.headline())
        .isEqualTo(
            "alice@example.com asks for Cloud SQL viewer on projects/jitgate-prod-42 for 1 hour");
    assertThat(s.access()).isEqualTo("Cloud SQL viewer on projects/jitgate-prod-42");
  }

  @Test
  void pending_showsWhenItStartsEndsAndByWhenToDecide_relativeToNow() {
    AccessRequest pending = TestRequests.request().duration(Duration.ofMinutes(90)).pending();

    RequestSummary s = RequestSummary.of(pending, Optional.empty(), Optional.empty(), NOW);

    assertThat(s.timeLines())
        .containsExactly(
            Line.of("Duration", "1 hour 30 minutes"),
            Line.of("Starts", "when approved"),
            Line.of("Ends", "1 hour 30 minutes after approval"),
            Line.of("Requested", "2026-03-02 09:00 UTC (3 minutes ago)"),
            Line.of("Decide by", "2026-03-03 09:00 UTC (in 23 hours)"));
    assertThat(s.approvalsLine()).isEqualTo("0 of 1 so far");
    assertThat(s.state()).isEqualTo("waiting for approval");
  }

  @Test
  void pending_withAScheduledStart_saysPlainlyWhenTheAccessBegins() throws Exception {
    AccessRequest plain = TestRequests.request().duration(Duration.ofHours(1)).pending();
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dev.jitgate.store.RequestDocument.toJson(plain));
    doc.put("startAt", "2026-03-05T08:00:00Z");
    AccessRequest scheduled = dev.jitgate.store.RequestDocument.fromJson(doc.toString());

    RequestSummary s = RequestSummary.of(scheduled, Optional.empty(), Optional.empty(), NOW);

    assertThat(s.timeLines())
        .contains(
            Line.of(
                "Starts",
                "scheduled for 2026-03-05 08:00 UTC (in 2 days), not at approval; the access"
                    + " begins then"),
            Line.of("Ends", "1 hour after that start"));
  }

  @Test
  void approved_beforeItsScheduledStart_saysTheAccessBeginsThen() {
    AccessRequest approved =
        TestRequests.request()
            .duration(Duration.ofHours(1))
            .scheduled(Instant.parse("2026-03-05T08:00:00Z"));

    RequestSummary s = RequestSummary.of(approved, Optional.empty(), Optional.empty(), NOW);

    assertThat(approved.state()).isEqualTo(RequestState.APPROVED);
    assertThat(s.timeLines())
        .contains(
            Line.of(
                "Starts", "scheduled for 2026-03-05 08:00 UTC (in 2 days); the access begins then"),
            Line.of("Ends", "2026-03-05 09:00 UTC (in 2 days)"));
  }

  @Test
  void approved_showsItsWindowAndEachApprovalWithNameAndComment() {
    AccessRequest approved = TestRequests.request().approvals(2).approved();

    RequestSummary s = RequestSummary.of(approved, Optional.empty(), Optional.empty(), NOW);

    assertThat(s.timeLines())
        .contains(
            Line.of("Starts", "2026-03-02 09:02 UTC (1 minute ago)"),
            Line.of("Ends", "2026-03-02 11:02 UTC (in 1 hour)"));
    assertThat(s.approvals())
        .extracting(RequestSummary.ApprovalLine::text)
        .containsExactly(
            "approver1@example.com, 2026-03-02 09:01 UTC (2 minutes ago): ok for INC-4711",
            "approver2@example.com, 2026-03-02 09:02 UTC (1 minute ago)");
    assertThat(s.approvalsLine()).isEqualTo("2 of 2 so far");
  }

  @Test
  void context_countsGrantsInTheLast30Days_andSaysWhetherTheyHoldItNow() {
    AccessRequest pending = TestRequests.request().at(NOW).pending();
    AccessRequest activeNow = TestRequests.request().at(NOW.minus(Duration.ofMinutes(30))).active();
    AccessRequest tenDaysAgo = TestRequests.request().at(NOW.minus(Duration.ofDays(10))).expired();
    AccessRequest fortyDaysAgo =
        TestRequests.request().at(NOW.minus(Duration.ofDays(40))).expired();
    AccessRequest otherEntitlement =
        TestRequests.request().entitlement("other").at(NOW.minus(Duration.ofDays(1))).expired();
    RequesterHistory history =
        RequesterHistory.of(
            pending, List.of(pending, activeNow, otherEntitlement, tenDaysAgo, fortyDaysAgo), NOW);

    RequestSummary s = RequestSummary.of(pending, Optional.empty(), Optional.of(history), NOW);

    assertThat(s.context())
        .containsExactly(
            "Granted prod-read 2 times in the last 30 days",
            "Holds it now, until 2026-03-02 10:34 UTC (in 1 hour)");
  }

  @Test
  void context_whenThePageIsFull_saysTheCountIsALowerBound() {
    AccessRequest pending = TestRequests.request().at(NOW).pending();
    List<AccessRequest> full =
        Stream.generate(() -> TestRequests.request().entitlement("other").at(NOW).pending())
            .limit(RequesterHistory.PAGE)
            .toList();

    RequestSummary s =
        RequestSummary.of(
            pending, Optional.empty(), Optional.of(RequesterHistory.of(pending, full, NOW)), NOW);

    assertThat(s.context())
        .containsExactly(
            "Granted prod-read at least 0 times in the last 30 days (counted in their latest 100"
                + " requests)",
            "Does not hold it now, as far as their latest 100 requests show");
  }

  @Test
  void context_whenNeverGranted_saysSo() {
    AccessRequest pending = TestRequests.request().at(NOW).pending();

    RequestSummary s =
        RequestSummary.of(
            pending,
            Optional.empty(),
            Optional.of(RequesterHistory.of(pending, List.of(pending), NOW)),
            NOW);

    assertThat(s.context())
        .containsExactly("Not granted prod-read in the last 30 days", "Does not hold it now");
  }

  private static Entitlement described(String description) {
    Entitlement e = TestRequests.entitlement("prod-read", TestRequests.gcpIamBinding(), 1);
    return new Entitlement(
        e.id(),
        description,
        e.grant(),
        e.requesters(),
        e.approvers(),
        e.approvalsRequired(),
        e.duration(),
        e.justification(),
        e.approvalTimeout(),
        e.signInRequired(),
        List.of());
  }
}
