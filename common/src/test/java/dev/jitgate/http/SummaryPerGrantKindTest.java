package dev.jitgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.UserId;
import dev.jitgate.notify.MailMessage;
import dev.jitgate.notify.MessageComposer;
import dev.jitgate.port.Notification;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.TestRequests;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every grant kind, the approval page, the mail's text and the mail's HTML name the access in
 * the cloud's own terms. Each kind's expected words are written out here, not derived.
 */
class SummaryPerGrantKindTest {
  private static final String SUB = "/subscriptions/6f2c1a5e-3b7d-4c1e-9a0f-2d8e5b4c7a10";
  private static final UserId APPROVER = TestRequests.approver(1);

  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  /** One kind: its policy grant, the spec it parses to, and what every reader must see. */
  record Kind(
      String description, String grantYaml, GrantSpec spec, String headline, List<String[]> lines) {
    @Override
    public String toString() {
      return spec.kind().id()
          + (spec instanceof GrantSpec.AwsRoleCredentials r && r.sessionPolicy().isEmpty()
              ? " (no session policy)"
              : "");
    }
  }

  static Stream<Arguments> everyKind() {
    return Stream.of(
        kind(
            "Cloud SQL viewer",
            "{kind: gcp.iam-binding, resource: projects/jitgate-prod-42, role: roles/cloudsql.viewer}",
            TestRequests.gcpIamBinding(),
            "alice@example.com asks for Cloud SQL viewer on projects/jitgate-prod-42 for 2 hours",
            new String[] {"Role", "roles/cloudsql.viewer"},
            new String[] {"On", "projects/jitgate-prod-42"}),
        kind(
            "Deployer tokens",
            "{kind: gcp.service-account-token, serviceAccount:"
                + " deployer@jitgate-prod-42.iam.gserviceaccount.com, scopes:"
                + " [https://www.googleapis.com/auth/devstorage.read_write,"
                + " https://www.googleapis.com/auth/cloud-platform.read-only]}",
            TestRequests.gcpServiceAccountToken(),
            "alice@example.com asks for Deployer tokens of"
                + " deployer@jitgate-prod-42.iam.gserviceaccount.com for 2 hours",
            new String[] {"Service account", "deployer@jitgate-prod-42.iam.gserviceaccount.com"},
            new String[] {"Scopes", "https://www.googleapis.com/auth/devstorage.read_write"},
            new String[] {"Scopes", "https://www.googleapis.com/auth/cloud-platform.read-only"}),
        kind(
            "Payments admin",
            "{kind: aws.identity-center, instanceArn: arn:aws:sso:::instance/ssoins-7223b4c1d2e3f4a5,"
                + " identityStoreId: d-9067a1b2c3, permissionSetArn:"
                + " arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b,"
                + " accountId: '123456789012'}",
            TestRequests.awsIdentityCenter(),
            "alice@example.com asks for Payments admin in AWS account 123456789012 for 2 hours",
            new String[] {
              "Permission set",
              "arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b"
            },
            new String[] {"Account", "123456789012"}),
        kind(
            "Audit log reader",
            "{kind: aws.role-credentials, roleArn: 'arn:aws:iam::123456789012:role/jitgate/BreakGlass',"
                + " sessionPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Action:"
                + " 's3:GetObject', Resource: 'arn:aws:s3:::audit-logs/*'}]}}",
            TestRequests.awsRoleCredentials(),
            "alice@example.com asks for Audit log reader as role jitgate/BreakGlass in AWS account"
                + " 123456789012 for 2 hours",
            new String[] {"Role", "arn:aws:iam::123456789012:role/jitgate/BreakGlass"},
            new String[] {"Session policy", "Allow s3:GetObject on arn:aws:s3:::audit-logs/*"}),
        kind(
            "Read-only role",
            "{kind: aws.role-credentials, roleArn: 'arn:aws:iam::123456789012:role/ReadOnly'}",
            TestRequests.awsRoleCredentialsUnscoped(),
            "alice@example.com asks for Read-only role as role ReadOnly in AWS account 123456789012"
                + " for 2 hours",
            new String[] {"Role", "arn:aws:iam::123456789012:role/ReadOnly"},
            new String[] {"Session policy", "none: every permission of the role"}),
        kind(
            "Subscription reader",
            "{kind: azure.pim, scope: "
                + SUB
                + ", roleDefinitionId: acdd72a7-3385-48ef-bd42-f606fba81ae7}",
            TestRequests.azurePim(),
            "alice@example.com asks for Subscription reader on " + SUB + " for 2 hours",
            new String[] {"Role", "Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7)"},
            new String[] {"Scope", SUB}),
        kind(
            "Payments contributor",
            "{kind: azure.role-assignment, scope: "
                + SUB
                + "/resourceGroups/rg-payments, roleDefinitionId: "
                + SUB
                + "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c}",
            TestRequests.azureRoleAssignment(),
            "alice@example.com asks for Payments contributor on "
                + SUB
                + "/resourceGroups/rg-payments for 2 hours",
            new String[] {"Role", "Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c)"},
            new String[] {"Scope", SUB + "/resourceGroups/rg-payments"}));
  }

  private static Arguments kind(
      String description, String grant, GrantSpec spec, String headline, String[]... lines) {
    return Arguments.of(new Kind(description, grant, spec, headline, List.of(lines)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void approvalPage_namesTheAccessInTheCloudsTerms(Kind kind) {
    AccessRequest pending = given(kind);
    String token = api.h.tokens.issue(pending.id(), APPROVER, pending.approvalDeadline());

    HttpResponse page = api.get("/approvals/" + token, null);

    assertThat(page.status()).isEqualTo(200);
    String html = page.bodyText().replace("<wbr>", "");
    assertThat(html).contains("<h1>" + kind.headline() + "</h1>");
    for (String[] line : kind.lines()) {
      assertThat(html).contains("<dt>" + line[0] + "</dt>").contains(line[1]);
    }
    assertThat(html).contains("Not granted prod-read in the last 30 days", "Does not hold it now");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKind")
  void mail_namesTheAccessInTheCloudsTerms_inTextAndHtml(Kind kind) {
    AccessRequest pending = given(kind);
    Notification n =
        new Notification(
            Notification.Kind.NEW_REQUEST,
            pending,
            api.h.service.entitlementOf(pending),
            List.of(
                new Notification.Invite(
                    APPROVER,
                    api.h.tokens.issue(pending.id(), APPROVER, pending.approvalDeadline()))),
            Optional.of(api.h.service.history(pending)),
            api.h.clock.instant());

    MailMessage mail = new MessageComposer("https://jitgate.example.com").compose(n).get(0);

    assertThat(mail.subject())
        .startsWith("[jitgate] Approval needed: alice@example.com asks for " + kind.description())
        .doesNotContain(pending.id().value());
    assertThat(mail.text()).startsWith(kind.headline() + ". You are one of its approvers.");
    assertThat(mail.html())
        .contains("<p>" + kind.headline() + ". You are one of its approvers.</p>");
    for (String[] line : kind.lines()) {
      assertThat(mail.text())
          .containsPattern("\\n  " + line[0] + ": +(.*\\n {4,})*?" + quote(line[1]));
      assertThat(mail.html()).contains(">" + line[0] + "</th>").contains(line[1]);
    }
    assertThat(mail.text()).contains("Not granted prod-read in the last 30 days");
  }

  private static String quote(String s) {
    return java.util.regex.Pattern.quote(s);
  }

  private AccessRequest given(Kind kind) {
    api.h.usePolicy(
        """
        entitlements:
          - id: prod-read
            description: %s
            grant: %s
            requesters: [idp-group:engineering]
            approvers: [user:approver1@example.com, user:approver2@example.com]
            approvals: 1
            duration: {default: PT2H, min: PT15M, max: PT8H}
        """
            .formatted(kind.description(), kind.grantYaml()));
    assertThat(api.h.service.entitlementOf(TestRequests.request().grant(kind.spec()).pending()))
        .map(e -> e.grant())
        .contains(kind.spec());
    AccessRequest pending =
        TestRequests.request().grant(kind.spec()).at(api.h.clock.instant()).pending();
    api.h.store.create(pending.sealedWith(ServiceHarness.AUDIT_KEY));
    return pending;
  }
}
