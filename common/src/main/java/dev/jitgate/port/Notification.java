package dev.jitgate.port;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something people should hear about a request. A new request carries one invite per approver, each
 * with that approver's own approval token; outcomes are addressed to the requester. The entitlement
 * is empty when it has since been removed from the policy. A new request also carries the
 * requester's history of the entitlement, for its approvers; {@code at} is when the notification
 * was made, by the service's clock, so that messages can say "in 4 hours".
 */
public record Notification(
    Kind kind,
    AccessRequest request,
    Optional<Entitlement> entitlement,
    List<Invite> invites,
    Optional<RequesterHistory> history,
    Instant at) {

  /** What happened. */
  public enum Kind {
    NEW_REQUEST,
    APPROVED,
    DENIED,
    ACTIVE,
    EXPIRED,
    REVOKED,
    FAILED,
    TIMED_OUT,
    /** Approvers are reminded of a request still PENDING (issue 14). */
    REMINDER,
    /** A PENDING request was escalated: the invites go to the approvers it added. */
    ESCALATED,
    /** A requester activated without approval: every approver and the policy's channel hear. */
    BREAK_GLASS,
    /** An approver closed a break-glass activation's review, as confirmed or flagged. */
    REVIEWED,
    /** A break-glass review is still open: its approvers are reminded, again until it is closed. */
    REVIEW_REMINDER,
    /**
     * The requester asked to extend ACTIVE access, and the extension needs approval: its approvers
     * hear, with a link to the console (never an approval link: links decide PENDING requests).
     */
    EXTENSION_REQUESTED,
    /** The access was extended: the cloud follows the new end. */
    EXTENDED,
    /** An extension was denied, or refused because the access ended first. */
    EXTENSION_REFUSED;

    /**
     * The one name of this kind, such as {@code new_request}: in mail headers, webhook bodies,
     * outbox file names and error messages alike.
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Whether this kind goes to approvers (with their invites) rather than to the requester: a new
   * request, its reminder and its escalation.
   */
  public static boolean asksApprovers(Kind kind) {
    return kind == Kind.NEW_REQUEST || kind == Kind.REMINDER || kind == Kind.ESCALATED;
  }

  /**
   * Who is told besides approvers and requester: the entitlement's {@code notify}, and for a
   * break-glass activation its {@code breakGlassNotify} as well (issue 14), each once.
   */
  public List<dev.jitgate.domain.NotifyTarget> targets() {
    java.util.Set<dev.jitgate.domain.NotifyTarget> all = new java.util.LinkedHashSet<>();
    entitlement.ifPresent(
        e -> {
          all.addAll(e.alsoNotify());
          if (kind == Kind.BREAK_GLASS) {
            all.addAll(e.attention().breakGlassNotify());
          }
        });
    return List.copyOf(all);
  }

  /** One approver's personal approval link token. */
  public record Invite(UserId approver, String token) {
    public Invite {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(token, "token");
    }

    /**
     * An approver told of something with nothing to decide by link (a break-glass activation, an
     * extension): no token is minted, and an approval link made from it would be refused.
     */
    public static Invite withoutLink(UserId approver) {
      return new Invite(approver, "");
    }

    @Override
    public String toString() {
      return "Invite[approver=" + approver + ", token=<redacted>]";
    }
  }

  public Notification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(request, "request");
    entitlement = entitlement == null ? Optional.empty() : entitlement;
    invites = invites == null ? List.of() : List.copyOf(invites);
    history = history == null ? Optional.empty() : history;
    Objects.requireNonNull(at, "at");
  }

  /** A notification without history, made at the time of the request's latest event. */
  public Notification(
      Kind kind, AccessRequest request, Optional<Entitlement> entitlement, List<Invite> invites) {
    this(kind, request, entitlement, invites, Optional.empty(), latest(request));
  }

  private static Instant latest(AccessRequest request) {
    return request.events().isEmpty()
        ? request.createdAt()
        : request.events().get(request.events().size() - 1).at();
  }
}
