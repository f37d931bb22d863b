package dev.jitgate.http;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.RequestSummary.ApprovalLine;
import dev.jitgate.summary.RequestSummary.Line;
import dev.jitgate.summary.SummaryText;
import java.util.List;

/**
 * The summary as an HTML fragment for jitgate's pages, every value escaped: what is granted, why,
 * when, the approvals so far and the requester's history, in that order. The page's {@code h1}
 * carries the headline; the classes are styled by {@link Html#page}.
 */
public final class SummaryHtml {
  private SummaryHtml() {}

  /** The fragment below the headline. */
  public static String render(RequestSummary s) {
    StringBuilder out = new StringBuilder();
    out.append("<section class=\"summary\">\n<h2>What you grant</h2>\n<dl>");
    out.append(
        row(
            Line.of("Requester", s.requester()),
            Line.of(
                "Entitlement",
                s.description().isBlank()
                    ? s.entitlement()
                    : s.entitlement() + ": " + s.description())));
    for (Line line : s.accessLines()) {
      out.append(row(line));
    }
    out.append("</dl>\n<h2>Why</h2>\n<p class=\"justification\">")
        .append(text(s.justification()))
        .append("</p>\n<h2>When</h2>\n<dl>");
    for (Line line : s.timeLines()) {
      out.append(row(line));
    }
    out.append("</dl>\n<h2>Approvals</h2>\n<p>").append(text(s.approvalsLine())).append("</p>\n");
    if (!s.approvals().isEmpty()) {
      out.append("<ul class=\"approvals\">");
      for (ApprovalLine a : s.approvals()) {
        out.append("<li><strong>")
            .append(text(a.approver()))
            .append("</strong>, ")
            .append(text(a.when()));
        if (!a.comment().isBlank()) {
          out.append(": <q>").append(text(a.comment())).append("</q>");
        }
        out.append("</li>");
      }
      out.append("</ul>\n");
    }
    if (!s.context().isEmpty()) {
      out.append("<h2>Requester's history</h2>\n<ul class=\"context\">");
      s.context().forEach(c -> out.append("<li>").append(text(c)).append("</li>"));
      out.append("</ul>\n");
    }
    out.append("<p class=\"note\">State: ").append(text(s.state())).append("</p>\n</section>\n");
    return out.toString();
  }

  private static String row(Line... lines) {
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      out.append("<dt>").append(escape(line.label())).append("</dt><dd>");
      List<String> values = line.values();
      if (values.size() == 1) {
        out.append(text(values.get(0)));
      } else {
        out.append("<ul>");
        values.forEach(v -> out.append("<li>").append(text(v)).append("</li>"));
        out.append("</ul>");
      }
      out.append("</dd>");
    }
    return out.toString();
  }

  private static String text(String value) {
    return Html.wrappable(SummaryText.clean(value));
  }
}
