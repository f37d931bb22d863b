package dev.jitgate.summary;

import dev.jitgate.summary.RequestSummary.Line;
import java.util.List;

/**
 * The summary as chat Markdown: Slack's mrkdwn and the Markdown of Teams' Adaptive Cards. Every
 * value is escaped for its dialect, so a justification such as {@code [Approve](https://evil)} or
 * {@code *urgent*} reads as the characters typed: it never becomes a link, a mention or formatting.
 */
public final class ChatMarkdown {
  /** Breaks "://" so that no client turns user text into a clickable address. */
  private static final String SCHEME_BREAK = ":\u200B//";

  /** The characters that form Markdown wherever they stand. */
  private static final String TEAMS_MARKS = "\\`*_~[]()<>&#|!";

  private ChatMarkdown() {}

  /** The whole summary in Slack mrkdwn: the headline in bold, then one line per fact. */
  public static String slack(RequestSummary summary) {
    StringBuilder out = new StringBuilder();
    out.append('*').append(slackEscape(summary.headline())).append("*\n");
    for (Line line : summary.lines()) {
      out.append(slackLine(line)).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** One fact in Slack mrkdwn: "*Label:* value", or a bulleted list when it has several values. */
  public static String slackLine(Line line) {
    return "*" + slackEscape(line.label()) + ":*" + values(line.values(), true);
  }

  /** The whole summary in Teams Markdown: the headline in bold, then one paragraph per fact. */
  public static String teams(RequestSummary summary) {
    StringBuilder out = new StringBuilder();
    out.append("**").append(teamsEscape(summary.headline())).append("**\n\n");
    for (Line line : summary.lines()) {
      out.append("**").append(teamsEscape(line.label())).append(":**");
      out.append(values(line.values(), false)).append("\n\n");
    }
    return out.toString().stripTrailing();
  }

  private static String values(List<String> values, boolean slack) {
    if (values.size() == 1 && !values.get(0).contains("\n")) {
      return " " + (slack ? slackEscape(values.get(0)) : teamsEscape(values.get(0)));
    }
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      for (String part : value.split("\n", -1)) {
        out.append(slack ? "\n• " + slackEscape(part) : "\n\n- " + teamsEscape(part));
      }
    }
    return out.toString();
  }

  /**
   * Text for Slack mrkdwn. Slack has no escape character: {@code &}, {@code <} and {@code >} become
   * the entities Slack documents (which also defuses {@code <url|label>} links and {@code
   * <!channel>} mentions), and the formatting marks become look-alikes that Slack does not read as
   * marks: {@code *} as ∗, {@code ~} as ∼, a backtick as ˋ, and an {@code _} at a word's edge as ˍ
   * (one inside a word, as in {@code snake_case}, never formats and is kept).
   */
  public static String slackEscape(String text) {
    String clean = SummaryText.clean(text).replace("://", SCHEME_BREAK);
    StringBuilder out = new StringBuilder(clean.length() + 16);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '*' -> out.append('\u2217');
        case '~' -> out.append('\u223C');
        case '`' -> out.append('\u02CB');
        case '_' -> out.append(insideWord(clean, i) ? '_' : '\u02CD');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Text for the Markdown of Teams' Adaptive Cards (TextBlock and FactSet values),
   * backslash-escaped as CommonMark allows: every character that can start emphasis, code, a link,
   * an image, HTML, an entity or a heading anywhere ({@code \ ` * _ ~ [ ] ( ) < > & # | !}), and
   * the list markers that count only at the start ({@code - + =}, or the {@code .} or {@code )}
   * after leading digits). Line breaks become spaces, since a value is one line. Addresses, ids and
   * ARNs stay readable.
   */
  public static String teamsEscape(String text) {
    String clean = SummaryText.clean(text).replace('\n', ' ').replace("://", SCHEME_BREAK);
    StringBuilder out = new StringBuilder(clean.length() + 16);
    int digits = 0;
    while (digits < clean.length() && Character.isDigit(clean.charAt(digits))) {
      digits++;
    }
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      boolean atStart =
          (i == 0 && (c == '-' || c == '+' || c == '='))
              || (i == digits && digits > 0 && (c == '.' || c == ')'));
      if (atStart || TEAMS_MARKS.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean insideWord(String s, int i) {
    return i > 0
        && i < s.length() - 1
        && Character.isLetterOrDigit(s.charAt(i - 1))
        && Character.isLetterOrDigit(s.charAt(i + 1));
  }
}
