package dev.jitgate.notify;

import dev.jitgate.http.Html;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a mail says, as plain text only, and its two renderings. Every string is escaped when the
 * HTML is rendered, so no caller can forget to escape user text.
 */
record MailLayout(String headline, List<Fact> facts, Optional<Link> link, List<String> notes) {

  /** One labelled value, such as the justification; the value may span lines. */
  record Fact(String label, String value) {
    Fact {
      Objects.requireNonNull(label, "label");
      value = value == null ? "" : value;
    }
  }

  /** The approver's link and the words that introduce it. */
  record Link(String label, String url) {
    Link {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(url, "url");
    }
  }

  MailLayout {
    Objects.requireNonNull(headline, "headline");
    facts = List.copyOf(facts);
    link = link == null ? Optional.empty() : link;
    notes = List.copyOf(notes);
  }

  /** The plain-text body: headline, aligned facts, the link on its own line, then the notes. */
  String text() {
    int width = facts.stream().mapToInt(f -> f.label().length() + 1).max().orElse(0) + 2;
    String pad = " ".repeat(width + 2);
    StringBuilder out = new StringBuilder();
    out.append(Display.plain(headline)).append("\n\n");
    for (Fact fact : facts) {
      String label = fact.label() + ":";
      String[] lines = Display.plain(fact.value()).split("\n", -1);
      out.append("  ").append(label).append(" ".repeat(width - label.length()));
      out.append(lines[0]).append('\n');
      for (int i = 1; i < lines.length; i++) {
        out.append(pad).append(lines[i]).append('\n');
      }
    }
    link.ifPresent(
        l -> out.append('\n').append(l.label()).append(":\n").append(l.url()).append('\n'));
    for (String note : notes) {
      out.append('\n').append(Display.plain(note)).append('\n');
    }
    return out.toString();
  }

  /** The HTML body: a small self-contained document with inline styles, every value escaped. */
  String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(headline))
        .append("</title></head>\n")
        .append("<body style=\"font-family:sans-serif;font-size:14px;color:#222\">\n")
        .append("<p>")
        .append(multiline(headline))
        .append("</p>\n<table style=\"border-collapse:collapse\">\n");
    for (Fact fact : facts) {
      out.append("<tr><th style=\"text-align:left;vertical-align:top;padding:2px 12px 2px 0\">")
          .append(Html.escape(fact.label()))
          .append("</th><td style=\"padding:2px 0\">")
          .append(multiline(fact.value()))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
    link.ifPresent(
        l ->
            out.append("<p><a href=\"")
                .append(Html.escape(l.url()))
                .append("\" style=\"font-weight:bold\">")
                .append(Html.escape(l.label()))
                .append("</a></p>\n"));
    for (String note : notes) {
      out.append("<p style=\"color:#555;font-size:12px\">")
          .append(multiline(note))
          .append("</p>\n");
    }
    return out.append("</body></html>\n").toString();
  }

  private static String multiline(String text) {
    return Html.escape(Display.plain(text)).replace("\n", "<br>\n");
  }
}
