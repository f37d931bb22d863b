package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.JustificationRule;
import dev.jitgate.domain.Principal;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.summary.Spoken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The catalogue of what the visitor may request, and the form that requests one. */
final class RequestPages {
  /** The durations a form offers, besides the entitlement's own minimum, default and maximum. */
  private static final List<Duration> STEPS =
      List.of(5, 15, 30, 60, 120, 240, 480).stream().map(Duration::ofMinutes).toList();

  private final Layout layout;

  RequestPages(Layout layout) {
    this.layout = layout;
  }

  /**
   * What the form was sent with, and the errors by field ("duration", "startAt", "justification",
   * "").
   */
  record Filled(String duration, String startAt, String justification, Map<String, String> errors) {
    static final Filled EMPTY = new Filled("", "", "", Map.of());
  }

  HttpResponse catalogue(Visitor visitor, List<Entitlement> entitlements) {
    StringBuilder body = new StringBuilder();
    if (entitlements.isEmpty()) {
      body.append(
          "<p class=\"empty\">The policy gives you nothing to request. Ask its owner to add you to"
              + " an entitlement's requesters.</p>");
    } else {
      body.append(
              "<p class=\"meta\">What you may ask for. Access starts when it is approved and ends"
                  + " by itself.</p>\n")
          .append("<ul class=\"cards\">\n");
      for (Entitlement e : entitlements) {
        String headingId = "e-" + e.id().value();
        body.append("<li class=\"card\"><h2 id=\"")
            .append(escape(headingId))
            .append("\">")
            .append(escape(e.id().value()))
            .append("</h2>\n<p>")
            .append(escape(e.description()))
            .append("</p>\n")
            .append(facts(e))
            .append("<a class=\"button primary\" href=\"")
            .append(escape(layout.href("new?entitlement=" + e.id().value())))
            .append("\" aria-describedby=\"")
            .append(escape(headingId))
            .append("\">Request</a></li>\n");
      }
      body.append("</ul>");
    }
    return layout.page(
        200, "Request access", Optional.of(visitor), Layout.Section.CATALOGUE, body.toString());
  }

  HttpResponse form(Visitor visitor, Entitlement e, Filled filled, int status) {
    StringBuilder body = new StringBuilder();
    if (!filled.errors().isEmpty()) {
      body.append("<div class=\"alert\" role=\"alert\"><p><strong>The request was not sent.")
          .append("</strong> Correct the form below.</p>");
      filled
          .errors()
          .getOrDefault("", "")
          .lines()
          .forEach(line -> body.append("<p>").append(escape(line)).append("</p>"));
      body.append("</div>\n");
    }
    body.append("<section class=\"card\" aria-labelledby=\"about\"><h2 id=\"about\">")
        .append("About this entitlement</h2><p>")
        .append(escape(e.description()))
        .append("</p>")
        .append(facts(e))
        .append("</section>\n<form method=\"post\" action=\"")
        .append(escape(layout.href("new")))
        .append("\" class=\"card\" novalidate>\n")
        .append(layout.csrf(visitor))
        .append("<input type=\"hidden\" name=\"entitlement\" value=\"")
        .append(escape(e.id().value()))
        .append("\">\n")
        .append(durationField(e, filled))
        .append(startField(e, filled))
        .append(justificationField(e.justification(), filled))
        .append("<button type=\"submit\" class=\"primary\">Submit request</button>\n</form>");
    return layout.page(
        status,
        "Request " + e.id().value(),
        Optional.of(visitor),
        Layout.Section.CATALOGUE,
        body.toString());
  }

  private static String durationField(Entitlement e, Filled filled) {
    String chosen =
        filled.duration().isEmpty() ? e.duration().defaultDuration().toString() : filled.duration();
    TreeSet<Duration> options = new TreeSet<>();
    options.add(e.duration().min());
    options.add(e.duration().defaultDuration());
    options.add(e.duration().max());
    STEPS.stream().filter(e.duration()::allows).forEach(options::add);
    StringBuilder select = new StringBuilder();
    String error = filled.errors().get("duration");
    select
        .append("<label for=\"duration\">Duration</label>\n")
        .append(errorText("duration", error))
        .append("<select id=\"duration\" name=\"duration\"")
        .append(invalid("duration", error))
        .append(">");
    for (Duration d : options) {
      select
          .append("<option value=\"")
          .append(escape(d.toString()))
          .append('"')
          .append(d.toString().equals(chosen) ? " selected" : "")
          .append('>')
          .append(escape(Show.duration(d)))
          .append(d.equals(e.duration().defaultDuration()) ? " (default)" : "")
          .append("</option>");
    }
    return select.append("</select>\n").toString();
  }

  /**
   * The optional start of a window asked for ahead (issue 14), only for entitlements whose {@code
   * scheduleAhead} allows it: a date and time in UTC, as the API takes it.
   */
  private static String startField(Entitlement e, Filled filled) {
    if (e.scheduleAhead().isZero()) {
      return "";
    }
    String error = filled.errors().get("startAt");
    return "<label for=\"startAt\">Start (UTC, optional)</label>\n"
        + "<p class=\"hint\" id=\"startAt-hint\">Leave it empty to start when approved. At most "
        + escape(Spoken.duration(e.scheduleAhead()))
        + " ahead, in UTC, such as 2026-12-07T09:00. Approval may come before it; the access"
        + " begins then.</p>\n"
        + errorText("startAt", error)
        + "<input type=\"datetime-local\" id=\"startAt\" name=\"startAt\" step=\"60\""
        + " aria-describedby=\"startAt-hint"
        + (error == null ? "" : " startAt-error")
        + "\""
        + (error == null ? "" : " aria-invalid=\"true\"")
        + " value=\""
        + escape(filled.startAt())
        + "\">\n";
  }

  private static String justificationField(JustificationRule rule, Filled filled) {
    String error = filled.errors().get("justification");
    String hint =
        (rule.required() ? "Required. " : "Optional. ")
            + rule.hint()
                .orElse(rule.pattern().map(p -> "It must match " + p.pattern()).orElse(""));
    return "<label for=\"justification\">Justification</label>\n"
        + "<p class=\"hint\" id=\"justification-hint\">"
        + escape(hint.strip())
        + "</p>\n"
        + errorText("justification", error)
        + "<textarea id=\"justification\" name=\"justification\" maxlength=\"1024\""
        + (rule.required() ? " required" : "")
        + " aria-describedby=\"justification-hint"
        + (error == null ? "" : " justification-error")
        + "\""
        + (error == null ? "" : " aria-invalid=\"true\"")
        + ">"
        + escape(filled.justification())
        + "</textarea>\n";
  }

  private static String errorText(String field, String error) {
    return error == null
        ? ""
        : "<p class=\"error\" id=\"" + field + "-error\">" + escape(error) + "</p>\n";
  }

  private static String invalid(String field, String error) {
    return error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + field + "-error\"";
  }

  /** The entitlement's cloud, kind, durations, approvers and justification rule. */
  static String facts(Entitlement e) {
    String approvers =
        e.approvers().stream().map(Principal::toString).collect(Collectors.joining(", "));
    String needed =
        e.approvalsRequired() == 0
            ? "granted without approval"
            : e.approvalsRequired() + (e.approvalsRequired() == 1 ? " approval" : " approvals");
    JustificationRule rule = e.justification();
    String justification =
        !rule.required() ? "optional" : "required" + rule.hint().map(h -> ": " + h).orElse("");
    return "<dl>"
        + row("Cloud", e.cloud().id() + " · " + e.grant().kind().id())
        + row(
            "Duration",
            Show.duration(e.duration().defaultDuration())
                + " by default, "
                + Show.duration(e.duration().min())
                + " to "
                + Show.duration(e.duration().max()))
        + row("Approvers", approvers + " (" + needed + ")")
        + row("Justification", justification)
        + "</dl>\n";
  }

  static String row(String name, String value) {
    return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
  }
}
