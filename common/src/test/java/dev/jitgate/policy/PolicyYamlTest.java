package dev.jitgate.policy;

import static dev.jitgate.policy.PolicyFixtures.SOURCE;
import static dev.jitgate.policy.PolicyFixtures.error;
import static dev.jitgate.policy.PolicyFixtures.errorsOf;
import static dev.jitgate.policy.PolicyFixtures.fileError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed YAML, wrong types and unreadable files become problems with a line, never a stack. */
class PolicyYamlTest {

  @Test
  void parse_whenIndentationBroken_reportsParserMessageAndLine() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
             grant: {kind: gcp.iam-binding}
        """;

    // when
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> Policy.parse(yaml, SOURCE));

    // then
    assertThat(e.problems())
        .containsExactly(
            fileError("", 3, "the file is not valid YAML: mapping values are not allowed here"));
    assertThat(e).hasNoCause();
    assertThat(e.getMessage()).doesNotContain("jackson", "snakeyaml", "Exception");
  }

  @Test
  void parse_whenFlowListUnclosed_reportsWhereItStarted() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            requesters: [user:alice@example.com
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "",
                4,
                "the file is not valid YAML: expected ',' or ']', but got : (while parsing a flow"
                    + " sequence that starts on line 3)"));
  }

  @Test
  void parse_whenTypesWrong_reportsEachWithTheValueFound() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: gcp.iam-binding
            requesters: group:sre
            approvers: [user:carol@example.com]
            approvals: 1.5
            signInRequired: "true"
          - just-a-name
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            error(
                "prod-viewer",
                "grant",
                3,
                "must be a map with a kind and the fields of that kind, not 'gcp.iam-binding'"),
            error(
                "prod-viewer",
                "requesters",
                4,
                "must be a list, like [group:sre, user:alice@example.com], not 'group:sre'"),
            error("prod-viewer", "approvals", 6, "must be a whole number, not '1.5'"),
            error(
                "prod-viewer",
                "signInRequired",
                7,
                "must be true or false, not the text 'true'; write it without quotes"),
            fileError(
                "entitlements[1]",
                8,
                "must be a map of id, description, grant, requesters, approvers, approvals,"
                    + " duration, justification, approvalTimeout, signInRequired, notify,"
                    + " extensions, scheduleAhead, remindAfter, escalateAfter, escalateTo,"
                    + " breakGlass, breakGlassMax, breakGlassNotify, not 'just-a-name'"));
  }

  @Test
  void parse_whenKeyRepeated_reportsSecondOccurrenceInItsEntitlement() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
            approvals: 1
        """;

    // then
    assertThat(errorsOf(yaml))
        .contains(
            error(
                "prod-viewer",
                "approvals",
                6,
                "'approvals' appears twice in the same map (first on line 5)"));
  }

  @Test
  void parse_whenAliasUsed_reportsItRatherThanReadingTheAliasName() {
    // given
    String yaml =
        """
        groups:
          sre: &people [alice@example.com]
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvers: *people
            approvals: 0
        """;

    // then
    assertThat(errorsOf(yaml))
        .contains(
            error(
                "prod-viewer",
                "approvers",
                7,
                "*people is a YAML alias, which a policy may not use; write the value out in"
                    + " full"));
  }

  @Test
  void parse_whenSecondDocument_reportsItsLine() {
    // given
    String yaml =
        """
        entitlements:
          - id: prod-viewer
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvals: 0
        ---
        groups: {}
        """;

    // then
    assertThat(errorsOf(yaml))
        .containsExactly(
            fileError(
                "",
                7,
                "the file holds a second YAML document; keep the whole policy in one document"));
  }

  @Test
  void parse_whenEmptyOrNotAMap_reportsTheWholeFile() {
    assertThat(errorsOf("# nothing yet\n"))
        .extracting(PolicyProblem::message)
        .containsExactly("the policy is empty; it needs at least an entitlements: list");
    assertThat(errorsOf("- id: prod-viewer\n"))
        .containsExactly(
            fileError(
                "",
                1,
                "the policy must be a map of groups, webhooks and entitlements, not a list"));
  }

  @Test
  void parse_whenSeveralProblems_reportsAllOfThemInLineOrderOnePerLine() {
    // given
    String yaml =
        """
        groups:
          sre: [alice@example.com, bob]
        webhooks:
          sre-chat: {url: "https://hooks.slack.com/services/T0/B0/X", format: slack}
        entitlements:
          - id: gcp-prod-storage-admin
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: storage.admin}
            requesters: [group:sre]
            approvers: [user:carol@example.com]
            approvals: 2
            duration: {max: PT200H}
          - id: aws-logs-reader
            grant: {kind: aws.role-credentials, roleArn: "arn:aws:iam::111122223333:role/logs"}
            requesters: [group:sre]
            approvals: 0
            notify: [webhook:pager]
        """;

    // when
    PolicyException e =
        catchThrowableOfType(PolicyException.class, () -> Policy.parse(yaml, SOURCE));

    // then
    assertThat(e.problems())
        .extracting(p -> p.entitlement().orElse("-") + " " + p.field(), PolicyProblem::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("- groups.sre[1]", OptionalInt.of(2)),
            org.assertj.core.groups.Tuple.tuple(
                "gcp-prod-storage-admin grant.role", OptionalInt.of(7)),
            org.assertj.core.groups.Tuple.tuple(
                "gcp-prod-storage-admin approvals", OptionalInt.of(10)),
            org.assertj.core.groups.Tuple.tuple(
                "gcp-prod-storage-admin duration.max", OptionalInt.of(11)),
            org.assertj.core.groups.Tuple.tuple("aws-logs-reader notify[0]", OptionalInt.of(16)));
    assertThat(e.getMessage().lines())
        .containsExactly(
            "The policy policy.yaml cannot be used: 5 problems",
            "policy.yaml:2: field 'groups.sre[1]': 'bob' is not an e-mail address, like"
                + " alice@example.com",
            "policy.yaml:7: entitlement 'gcp-prod-storage-admin', field 'grant.role':"
                + " 'storage.admin' is not a valid role; expected roles/<name>, or a custom role"
                + " such as projects/<project-id>/roles/<name>",
            "policy.yaml:10: entitlement 'gcp-prod-storage-admin', field 'approvals': 2"
                + " approvals are needed, but only 1 person can ever approve (carol@example.com);"
                + " add approvers or lower approvals",
            "policy.yaml:11: entitlement 'gcp-prod-storage-admin', field 'duration.max': PT200H"
                + " is longer than the 7 days allowed",
            "policy.yaml:16: entitlement 'aws-logs-reader', field 'notify[0]': no webhook named"
                + " 'pager' is defined under webhooks");
  }

  @Test
  void load_whenFileMissing_reportsThePathWithoutStack(@TempDir Path dir) {
    // given
    Path missing = dir.resolve("policy.yaml");

    // when
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(missing));

    // then
    assertThat(e.sourceName()).isEqualTo(missing.toString());
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.isError()).isTrue();
              assertThat(problem.line()).isEmpty();
              assertThat(problem.message())
                  .isEqualTo("the policy file " + missing.toAbsolutePath() + " does not exist");
            });
    assertThat(e).hasNoCause();
    assertThat(e.getMessage())
        .contains(missing + ": the policy file " + missing + " does not exist");
  }

  @Test
  void load_whenFileIsNotUtf8_saysSo(@TempDir Path dir) throws Exception {
    // given
    Path latin1 = dir.resolve("policy.yaml");
    Files.write(latin1, new byte[] {'i', 'd', ':', ' ', (byte) 0xE9, '\n'});

    // when
    PolicyException e = catchThrowableOfType(PolicyException.class, () -> Policy.load(latin1));

    // then
    assertThat(e.problems())
        .extracting(PolicyProblem::message)
        .containsExactly("the policy file " + latin1.toAbsolutePath() + " is not UTF-8 text");
  }
}
