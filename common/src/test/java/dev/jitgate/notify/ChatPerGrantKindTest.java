package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.port.Notification;
import dev.jitgate.store.TestRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every grant kind, the Slack and Teams messages name the access in the cloud's own terms,
 * escaped for each. The expected lines are written out here, as each chat shows them.
 */
class ChatPerGrantKindTest {
  private static final String SUB = "/subscriptions/6f2c1a5e-3b7d-4c1e-9a0f-2d8e5b4c7a10";

  static Stream<Arguments> everyKind() {
    return Stream.of(
        Arguments.of(
            TestRequests.gcpIamBinding(),
            "roles/cloudsql.viewer on projects/jitgate-prod-42",
            List.of("*Role:* roles/cloudsql.viewer", "*On:* projects/jitgate-prod-42"),
            List.of("Role=roles/cloudsql.viewer", "On=projects/jitgate-prod-42")),
        Arguments.of(
            TestRequests.gcpServiceAccountToken(),
            "access tokens of deployer@jitgate-prod-42.iam.gserviceaccount.com",
            List.of(
                "*Service account:* deployer@jitgate-prod-42.iam.gserviceaccount.com",
                "• https:\u200B//www.googleapis.com/auth/devstorage.read_write"),
            List.of(
                "Service account=deployer@jitgate-prod-42.iam.gserviceaccount.com",
                "Scopes=https:\u200B//www.googleapis.com/auth/devstorage.read\\_write\n\n"
                    + "https:\u200B//www.googleapis.com/auth/cloud-platform.read-only")),
        Arguments.of(
            TestRequests.awsIdentityCenter(),
            "permission set ps-0a1b2c3d4e5f6a7b in AWS account 123456789012",
            List.of(
                "*Permission set:*"
                    + " arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b",
                "*Account:* 123456789012"),
            List.of(
                "Permission set="
                    + "arn:aws:sso:::permissionSet/ssoins-7223b4c1d2e3f4a5/ps-0a1b2c3d4e5f6a7b",
                "Account=123456789012")),
        Arguments.of(
            TestRequests.awsRoleCredentials(),
            "credentials as role jitgate/BreakGlass in AWS account 123456789012",
            List.of(
                "*Role:* arn:aws:iam::123456789012:role/jitgate/BreakGlass",
                "*Session policy:* Allow s3:GetObject on arn:aws:s3:::audit-logs/\u2217"),
            List.of(
                "Role=arn:aws:iam::123456789012:role/jitgate/BreakGlass",
                "Session policy=Allow s3:GetObject on arn:aws:s3:::audit-logs/\\*")),
        Arguments.of(
            TestRequests.awsRoleCredentialsUnscoped(),
            "credentials as role ReadOnly in AWS account 123456789012",
            List.of(
                "*Role:* arn:aws:iam::123456789012:role/ReadOnly",
                "*Session policy:* none: every permission of the role"),
            List.of(
                "Role=arn:aws:iam::123456789012:role/ReadOnly",
                "Session policy=none: every permission of the role")),
        Arguments.of(
            TestRequests.azurePim(),
            "Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7) on " + SUB,
            List.of("*Role:* Reader (acdd72a7-3385-48ef-bd42-f606fba81ae7)", "*Scope:* " + SUB),
            List.of("Role=Reader \\(acdd72a7-3385-48ef-bd42-f606fba81ae7\\)", "Scope=" + SUB)),
        Arguments.of(
            TestRequests.azureRoleAssignment(),
            "Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c) on "
                + SUB
                + "/resourceGroups/rg-payments",
            List.of(
                "*Role:* Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c)",
                "*Scope:* " + SUB + "/resourceGroups/rg-payments"),
            List.of(
                "Role=Contributor \\(b24988ac-6180-42a0-ab88-20f7382dd24c\\)",
                "Scope=" + SUB + "/resourceGroups/rg-payments")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("everyKind")
  void slackAndTeams_nameTheAccessInTheCloudsTerms(
      GrantSpec grant, String access, List<String> slackLines, List<String> teamsFacts) {
    AccessRequest pending = TestRequests.request().grant(grant).pending();
    Notification n =
        new Notification(
            Notification.Kind.NEW_REQUEST, pending, java.util.Optional.empty(), List.of());

    ObjectNode slack = WebhookBodies.slack(n);
    ObjectNode teams = WebhookBodies.teams(n);

    String headline = "New request: alice@example.com asks for " + access + " for 2 hours.";
    assertThat(slack.get("blocks").get(0).get("text").get("text").asText())
        .startsWith("*jitgate* | " + headline.replace("*", "\u2217"));
    assertThat(slack.get("blocks").get(1).get("text").get("text").asText().lines())
        .containsAll(slackLines);
    JsonNode card = teams.get("attachments").get(0).get("content").get("body");
    assertThat(card.get(0).get("text").asText())
        .startsWith(
            "jitgate: " + headline.replace("(", "\\(").replace(")", "\\)").replace("*", "\\*"));
    List<String> facts = new ArrayList<>();
    card.get(1)
        .get("facts")
        .forEach(f -> facts.add(f.get("title").asText() + "=" + f.get("value").asText()));
    assertThat(facts).containsAll(teamsFacts);
  }
}
