package dev.jitgate.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.store.TestRequests;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hostile text in a justification reaches chat and plain text as the characters typed. */
class RendererEscapingTest {
  private static final String HOSTILE =
      "[Approve](https://evil.example) *urgent* _now_ ~gone~ `code` <!channel> <https://x|y> & co";

  private static RequestSummary hostile() {
    AccessRequest pending = TestRequests.request().justification(HOSTILE).pending();
    return RequestSummary.of(pending, Optional.empty(), Optional.empty(), TestRequests.T0);
  }

  @Test
  void slack_neutralisesLinksMentionsAndFormatting() {
    String mrkdwn = ChatMarkdown.slack(hostile());

    String justification =
        mrkdwn.lines().filter(l -> l.startsWith("*Justification:*")).findFirst().orElseThrow();
    assertThat(justification)
        .isEqualTo(
            "*Justification:* [Approve](https:\u200B//evil.example) \u2217urgent\u2217"
                + " \u02CDnow\u02CD \u223Cgone\u223C \u02CBcode\u02CB &lt;!channel&gt;"
                + " &lt;https:\u200B//x|y&gt; &amp; co");
    assertThat(mrkdwn).doesNotContain("<!channel>", "https://evil", "*urgent*", "`code`");
  }

  @Test
  void hostileDescription_isNeutralisedInTheHeadline_inSlackAndTeams() {
    Entitlement e = TestRequests.entitlement("prod-read", TestRequests.gcpIamBinding(), 1);
    Entitlement hostile =
        new Entitlement(
            e.id(),
            "[Approve](https://evil.example) <!here> *now*",
            e.grant(),
            e.requesters(),
            e.approvers(),
            1,
            e.duration(),
            e.justification(),
            e.approvalTimeout(),
            false,
            List.of());
    RequestSummary s =
        RequestSummary.of(
            TestRequests.request().pending(),
            Optional.of(hostile),
            Optional.empty(),
            TestRequests.T0);

    assertThat(ChatMarkdown.slack(s).lines().findFirst().orElseThrow())
        .isEqualTo(
            "*alice@example.com asks for [Approve](https:\u200B//evil.example) &lt;!here&gt;"
                + " \u2217now\u2217 on projects/jitgate-prod-42 for 2 hours*");
    assertThat(ChatMarkdown.teams(s).lines().findFirst().orElseThrow())
        .isEqualTo(
            "**alice@example.com asks for \\[Approve\\]\\(https:\u200B//evil.example\\) \\<\\!here\\>"
                + " \\*now\\* on projects/jitgate-prod-42 for 2 hours**");
  }

  @Test
  void slack_keepsUnderscoresInsideWords() {
    assertThat(ChatMarkdown.slackEscape("roles/storage_admin _x_"))
        .isEqualTo("roles/storage_admin \u02CDx\u02CD");
  }

  @Test
  void teams_backslashEscapesEveryMarkdownCharacter() {
    String markdown = ChatMarkdown.teams(hostile());

    assertThat(markdown)
        .contains(
            "**Justification:** \\[Approve\\]\\(https:\u200B//evil.example\\) \\*urgent\\*"
                + " \\_now\\_ \\~gone\\~ \\`code\\` \\<\\!channel\\> \\<https:\u200B//x\\|y\\>"
                + " \\& co")
        .doesNotContain("[Approve](");
  }

  @Test
  void teams_escapesListMarkersOnlyAtTheStart_andKeepsAValueOnOneLine() {
    assertThat(ChatMarkdown.teamsEscape("- item\n# heading")).isEqualTo("\\- item \\# heading");
    assertThat(ChatMarkdown.teamsEscape("12. point")).isEqualTo("12\\. point");
    assertThat(ChatMarkdown.teamsEscape("alice@example.com roles/x.y a-b 3.5"))
        .isEqualTo("alice@example.com roles/x.y a-b 3.5");
  }

  @Test
  void text_dropsControlCharacters_butKeepsLineBreaks() {
    String text =
        SummaryText.render(
            RequestSummary.of(
                TestRequests.request()
                    .justification("line one\nline two\u0007\u001b[31m")
                    .pending(),
                Optional.empty(),
                Optional.empty(),
                TestRequests.T0));

    assertThat(text)
        .contains("line one\n")
        .contains("line two[31m")
        .doesNotContain("\u0007", "\u001b");
  }
}
