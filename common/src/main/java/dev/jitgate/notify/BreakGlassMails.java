package dev.jitgate.notify;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.UserId;
import dev.jitgate.notify.MailLayout.Fact;
import dev.jitgate.port.Notification;
import dev.jitgate.summary.RequestSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mails of a break-glass activation (issue 14): one to every approver and one to each address
 * of the entitlement's {@code notify} and {@code breakGlassNotify}, each subject starting
 * BREAK-GLASS. They carry no approval link: there is nothing to approve, only a review to close.
 */
final class BreakGlassMails {
  private BreakGlassMails() {}

  static List<MailMessage> compose(Notification n) {
    AccessRequest r = n.request();
    RequestSummary summary = RequestSummary.of(n);
    List<Fact> facts = MessageComposer.factsWithId(summary, r);
    Set<UserId> told = new LinkedHashSet<>();
    List<MailMessage> mails = new ArrayList<>();
    for (Notification.Invite invite : n.invites()) {
      if (told.add(invite.approver())) {
        mails.add(
            mail(
                n,
                invite.approver(),
                summary,
                facts,
                "You are one of its approvers: review it and close the review as confirmed or"
                    + " flagged, in the console's To approve list or with POST"
                    + " /api/v1/requests/"
                    + r.id().value()
                    + "/review."));
      }
    }
    for (UserId address : MessageComposer.alsoNotify(n)) {
      if (told.add(address)) {
        mails.add(
            mail(
                n,
                address,
                summary,
                facts,
                "You receive this because the policy names you to hear of every break-glass"
                    + " activation of "
                    + r.entitlement()
                    + ". Its approvers review it."));
      }
    }
    return mails;
  }

  /**
   * A reminder to every approver that the review is still open; no one else is reminded, and no
   * mail carries a link that decides anything.
   */
  static List<MailMessage> reviewReminder(Notification n) {
    AccessRequest r = n.request();
    RequestSummary summary = RequestSummary.of(n);
    List<Fact> facts = MessageComposer.factsWithId(summary, r);
    Set<UserId> told = new LinkedHashSet<>();
    List<MailMessage> mails = new ArrayList<>();
    for (Notification.Invite invite : n.invites()) {
      if (told.add(invite.approver())) {
        MailLayout layout =
            new MailLayout(
                "The review of this break-glass activation is still open: "
                    + summary.headline()
                    + ".",
                facts,
                Optional.empty(),
                List.of(
                    "You are one of its approvers: close the review as confirmed or flagged, in"
                        + " the console's To approve list or with POST /api/v1/requests/"
                        + r.id().value()
                        + "/review. You are reminded until someone closes it."));
        mails.add(
            MessageComposer.mail(
                n,
                invite.approver(),
                "Reminder, BREAK-GLASS review still open: " + summary.headline(),
                layout,
                Optional.empty()));
      }
    }
    return mails;
  }

  private static MailMessage mail(
      Notification n, UserId to, RequestSummary summary, List<Fact> facts, String why) {
    MailLayout layout =
        new MailLayout(
            summary.headline() + ". The access is active now, without approval.",
            facts,
            Optional.empty(),
            List.of(why));
    return MessageComposer.mail(n, to, summary.headline(), layout, Optional.empty());
  }
}
