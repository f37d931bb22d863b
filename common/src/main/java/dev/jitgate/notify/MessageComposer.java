package dev.jitgate.notify;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.Review;
import dev.jitgate.domain.UserId;
import dev.jitgate.notify.MailLayout.Fact;
import dev.jitgate.notify.MailLayout.Link;
import dev.jitgate.policy.Webhook;
import dev.jitgate.port.Notification;
import dev.jitgate.summary.RequestSummary;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a notification into the mails it causes. A new request gives each approver a mail with
 * their own approval link, and each extra address of the entitlement a mail without any link; an
 * outcome gives the requester one mail. No mail carries a token except in its recipient's own link.
 */
public final class MessageComposer {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  private final String baseUrl;

  /**
   * @param baseUrl where jitgate is served, such as {@code https://jitgate.example.com} or {@code
   *     https://example.com/jitgate}; trailing slashes are dropped
   */
  public MessageComposer(String baseUrl) {
    this.baseUrl = normalize(baseUrl);
  }

  /** The base URL as links use it: absolute http(s), without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The mails for {@code notification}, in a stable order: invites first, then other addresses. */
  public List<MailMessage> compose(Notification notification) {
    Objects.requireNonNull(notification, "notification");
    if (Notification.asksApprovers(notification.kind())) {
      return newRequest(notification);
    }
    if (notification.kind() == Notification.Kind.BREAK_GLASS) {
      return BreakGlassMails.compose(notification);
    }
    if (notification.kind() == Notification.Kind.REVIEW_REMINDER) {
      return BreakGlassMails.reviewReminder(notification);
    }
    if (notification.kind() == Notification.Kind.EXTENSION_REQUESTED) {
      return ExtensionMails.compose(notification, baseUrl);
    }
    return List.of(outcome(notification));
  }

  /** The approval page for one approver's token. */
  String approvalLink(String token) {
    if (!TOKEN.matcher(token).matches()) {
      // Never echo the token: this message may end up in a log.
      throw new IllegalArgumentException("an approval token must be URL-safe");
    }
    return baseUrl + "/approvals/" + token;
  }

  private List<MailMessage> newRequest(Notification n) {
    AccessRequest r = n.request();
    RequestSummary summary = RequestSummary.of(n);
    String asks = summary.headline();
    List<Fact> facts = factsWithId(summary, r);
    List<MailMessage> mails = new ArrayList<>();
    Set<UserId> told = new LinkedHashSet<>();
    for (Notification.Invite invite : n.invites()) {
      if (!told.add(invite.approver())) {
        continue;
      }
      String link = approvalLink(invite.token());
      MailLayout layout =
          new MailLayout(
              asks + ". You are one of its approvers.",
              facts,
              Optional.of(new Link("Review the request, then approve or deny it", link)),
              List.of(
                  "This link is yours alone: it decides only this request, only as "
                      + invite.approver()
                      + ", and only until "
                      + Display.time(r.approvalDeadline())
                      + ". Do not forward it.",
                  "Opening the link changes nothing. You decide on the page it opens."));
      mails.add(mail(n, invite.approver(), subject(n.kind()) + asks, layout, Optional.of(link)));
    }
    for (UserId address :
        n.kind() == Notification.Kind.NEW_REQUEST ? alsoNotify(n) : List.<UserId>of()) {
      if (!told.add(address)) {
        continue;
      }
      MailLayout layout =
          new MailLayout(
              asks + ". Its approvers have been asked to decide.",
              facts,
              Optional.empty(),
              List.of(
                  "You receive this because "
                      + r.entitlement()
                      + " lists you to be told about its requests. Only its approvers can decide,"
                      + " each with their own link."));
      mails.add(mail(n, address, "New request: " + asks, layout, Optional.empty()));
    }
    return mails;
  }

  private MailMessage outcome(Notification n) {
    AccessRequest r = n.request();
    RequestSummary summary = RequestSummary.of(n);
    String access = summary.access();
    List<Fact> facts = new ArrayList<>();
    String headline;
    String word;
    switch (n.kind()) {
      case APPROVED -> {
        word = "Approved";
        headline =
            "Your request for "
                + access
                + " was approved. jitgate is granting the access now, and tells you when it is"
                + " active.";
      }
      case DENIED -> {
        word = "Denied";
        String by = r.denial() == null ? orDash(r.endedBy()) : r.denial().by().email();
        String reason = r.denial() == null ? r.endReason() : r.denial().reason();
        headline = "Your request for " + access + " was denied by " + by + ".";
        facts.add(new Fact("Denied by", by));
        facts.add(new Fact("Reason", orDash(reason)));
      }
      case ACTIVE -> {
        word = "Active";
        headline = "Your access to " + access + " is active until " + time(r.expiresAt()) + ".";
      }
      case EXPIRED -> {
        word = "Expired";
        headline = "Your access to " + access + " has ended: its time window is over.";
        facts.add(new Fact("Ended", time(r.endedAt())));
      }
      case REVOKED -> {
        word = "Revoked";
        headline =
            "Your access to "
                + access
                + " was revoked by "
                + orDash(r.endedBy())
                + " before its window ended.";
        facts.add(new Fact("Revoked by", orDash(r.endedBy())));
        facts.add(new Fact("Reason", orDash(r.endReason())));
        facts.add(new Fact("Revoked at", time(r.endedAt())));
      }
      case FAILED -> {
        word = "Failed";
        headline = "jitgate could not grant your access to " + access + ".";
        facts.add(new Fact("Reason", orDash(r.endReason())));
      }
      case TIMED_OUT -> {
        word = "Timed out";
        headline =
            "Your request for "
                + access
                + " was not approved before its deadline. Ask again if you still need the access.";
        facts.add(new Fact("Deadline", time(r.approvalDeadline())));
      }
      case EXTENDED -> {
        word = "Extended";
        headline = ExtensionTexts.extended(r, access) + ".";
        facts.add(new Fact("Ends at", time(r.window().end())));
      }
      case EXTENSION_REFUSED -> {
        word = "Extension refused";
        headline = ExtensionTexts.refused(r, access);
        facts.add(new Fact("Reason", ExtensionTexts.reason(r)));
      }
      case REVIEWED -> {
        Review review = r.attention().review();
        word = "Reviewed";
        headline =
            "Your break-glass access to "
                + access
                + " was reviewed by "
                + review.by().email()
                + ": "
                + review.outcome().id()
                + ".";
        facts.add(new Fact("Reviewed by", review.by().email()));
        facts.add(new Fact("Outcome", review.outcome().id()));
        facts.add(new Fact("Comment", orDash(review.comment())));
      }
      default -> throw new IllegalArgumentException("not an outcome: " + n.kind());
    }
    facts.addAll(facts(summary));
    facts.add(new Fact("Request", r.id().value()));
    MailLayout layout = new MailLayout(headline, facts, Optional.empty(), List.of());
    return mail(n, r.requester(), word + ": " + access, layout, Optional.empty());
  }

  /** The summary's lines as mail facts, in its reading order. */
  static List<Fact> facts(RequestSummary summary) {
    List<Fact> facts = new ArrayList<>();
    for (RequestSummary.Line line : summary.lines()) {
      facts.add(new Fact(line.label(), line.text()));
    }
    return facts;
  }

  /** The summary's lines as mail facts, then the request's id. */
  static List<Fact> factsWithId(RequestSummary summary, AccessRequest r) {
    List<Fact> facts = facts(summary);
    facts.add(new Fact("Request", r.id().value()));
    return facts;
  }

  /** The subject's opening words for mails that ask approvers to decide. */
  private static String subject(Notification.Kind kind) {
    return switch (kind) {
      case REMINDER -> "Reminder, approval still needed: ";
      case ESCALATED -> "Escalated to you, approval needed: ";
      default -> "Approval needed: ";
    };
  }

  /** The mail addresses among {@code n}'s extra targets. */
  static List<UserId> alsoNotify(Notification n) {
    return n.targets().stream()
        .filter(NotifyTarget.Mail.class::isInstance)
        .map(t -> ((NotifyTarget.Mail) t).address())
        .toList();
  }

  static MailMessage mail(
      Notification n, UserId to, String subject, MailLayout layout, Optional<String> link) {
    return new MailMessage(
        n.kind(),
        n.request().id(),
        to,
        Display.subject("[jitgate] " + subject),
        layout.text(),
        layout.html(),
        link);
  }

  private static String time(Instant t) {
    return t == null ? "-" : Display.time(t);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  private static String normalize(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String trimmed = baseUrl.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the base URL is not a valid URL: " + e.getReason());
    }
    if (!Webhook.isHttpUrl(uri) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the base URL must be an absolute http or https URL without query or fragment, such as"
              + " https://jitgate.example.com");
    }
    return trimmed;
  }
}
