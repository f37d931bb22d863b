package dev.jitgate.summary;

import dev.jitgate.summary.RequestSummary.Line;
import java.util.List;

/**
 * The summary as plain text: the headline, then one aligned "Label: value" line per fact, a fact's
 * further values indented under its first. Control characters other than line breaks are dropped,
 * so user text cannot forge lines that look like jitgate's own.
 */
public final class SummaryText {
  private SummaryText() {}

  /** The headline, a blank line, then {@link #lines}. */
  public static String render(RequestSummary summary) {
    return clean(summary.headline()) + "\n\n" + lines(summary.lines());
  }

  /** The lines alone, aligned on their labels and indented by two spaces. */
  public static String lines(List<Line> lines) {
    int width = lines.stream().mapToInt(l -> l.label().length() + 1).max().orElse(0) + 2;
    String pad = " ".repeat(width + 2);
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      String label = line.label() + ":";
      String[] values = clean(line.text()).split("\n", -1);
      out.append("  ").append(label).append(" ".repeat(width - label.length()));
      out.append(values[0]).append('\n');
      for (int i = 1; i < values.length; i++) {
        out.append(pad).append(values[i]).append('\n');
      }
    }
    return out.toString();
  }

  /** Line breaks kept as LF; every other control character dropped. */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String lf = text.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(lf.length());
    lf.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
