package dev.jitgate.notify;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.UserId;
import dev.jitgate.notify.MailLayout.Fact;
import dev.jitgate.notify.MailLayout.Link;
import dev.jitgate.port.Notification;
import dev.jitgate.summary.RequestSummary;
import dev.jitgate.summary.Spoken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mails that ask approvers to decide an extension (issue 14): one to every approver, with a
 * link to the request in the console, where they decide signed in. They carry no approval link:
 * those decide a request while it waits for approval, and one already used must not decide more.
 */
final class ExtensionMails {
  private ExtensionMails() {}

  static List<MailMessage> compose(Notification n, String baseUrl) {
    AccessRequest r = n.request();
    RequestSummary summary = RequestSummary.of(n);
    String asked = ExtensionTexts.asked(r, summary.access());
    List<Fact> facts = new ArrayList<>();
    facts.add(new Fact("Extend by", Spoken.duration(r.extension().by())));
    facts.add(new Fact("Ends now at", Display.time(r.window().end())));
    facts.add(new Fact("Would end at", Display.time(r.window().end().plus(r.extension().by()))));
    facts.add(new Fact("Why", Display.oneLine(orDash(r.extension().justification()), 500)));
    facts.addAll(MessageComposer.factsWithId(summary, r));
    String page = baseUrl + "/console/requests/" + r.id().value();
    Set<UserId> told = new LinkedHashSet<>();
    List<MailMessage> mails = new ArrayList<>();
    for (Notification.Invite invite : n.invites()) {
      if (!told.add(invite.approver())) {
        continue;
      }
      MailLayout layout =
          new MailLayout(
              asked + ". You are one of its approvers.",
              facts,
              Optional.of(new Link("Open the request in jitgate, then approve or deny", page)),
              List.of(
                  "The access keeps running while you decide; an extension approved after it"
                      + " has ended is refused.",
                  "Sign in to decide: extensions are not decided from mailed links."));
      mails.add(
          MessageComposer.mail(
              n,
              invite.approver(),
              "Extension needs approval: " + asked,
              layout,
              Optional.empty()));
    }
    return mails;
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }
}
