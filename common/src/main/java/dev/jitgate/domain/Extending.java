package dev.jitgate.domain;

import dev.jitgate.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transitions of an extension, kept apart from {@link AccessRequest}'s own: asking, approving,
 * applying once the cloud follows, and refusing one that came too late. None changes the request's
 * state; each is one compare-and-set with its audit event, like every transition.
 */
final class Extending {
  private Extending() {}

  static AccessRequest ask(
      AccessRequest r,
      UserId by,
      Duration more,
      String justification,
      Entitlement entitlement,
      Instant now) {
    if (!by.equals(r.requester())) {
      throw new ForbiddenException("only the requester can ask to extend a request");
    }
    requireActive(r, "extend");
    if (r.revoking() != null) {
      throw new ConflictException("request " + r.id() + " is being revoked");
    }
    if (!now.isBefore(r.window().end())) {
      throw new ConflictException("request " + r.id() + " has already reached its end");
    }
    if (r.extension() != null) {
      throw new ConflictException("request " + r.id() + " already has an extension in progress");
    }
    ExtensionRule rule = entitlement.extensions();
    if (!rule.allowed()) {
      throw new ForbiddenException(entitlement.id() + " does not allow extensions");
    }
    if (r.extensions() >= rule.max()) {
      throw new ConflictException(
          "request "
              + r.id()
              + " was already extended "
              + r.extensions()
              + " of "
              + rule.max()
              + " times allowed");
    }
    Duration total = r.window().length().plus(more);
    // Break-glass access stays within breakGlassMax, extended or not: an extension must not turn
    // an unapproved emergency window into an ordinary long one.
    boolean breakGlass = r.attention().breakGlass();
    Duration max =
        breakGlass
            ? entitlement.attention().breakGlassMax().orElse(r.window().length())
            : entitlement.duration().max();
    if (total.compareTo(max) > 0) {
      throw new InvalidRequestException(
          "extending by "
              + more
              + " makes the window "
              + total
              + ", longer than the "
              + max
              + (breakGlass ? " break-glass access allows" : " allowed")
              + "; at most "
              + max.minus(r.window().length())
              + " more"
              + (breakGlass ? ", or ask for the access with approval" : ""));
    }
    int needed = entitlement.extensionApprovals();
    Extension asked = new Extension(more, justification, now, needed, List.of(), null);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("by", more.toString());
    details.put("oldEnd", r.window().end().toString());
    details.put("justification", asked.justification());
    details.put("approvalsRequired", Integer.toString(needed));
    AccessRequest next =
        r.change()
            .extension(asked)
            .build()
            .withEvent(now, AuditType.EXTENSION_REQUESTED, by.email(), details);
    return needed == 0
        ? fixed(next, AccessRequest.POLICY, now, Map.of("rule", "no approval"))
        : next;
  }

  static AccessRequest approve(AccessRequest r, UserId approver, String comment, Instant now) {
    if (approver.equals(r.requester())) {
      throw new ForbiddenException("you cannot approve your own extension");
    }
    requireActive(r, "approve the extension of");
    Extension pending = r.extension();
    if (pending == null || pending.approved()) {
      throw new ConflictException("request " + r.id() + " has no extension waiting for approval");
    }
    if (pending.approvedBy(approver)) {
      throw new ConflictException("you have already approved this extension of " + r.id());
    }
    if (!now.isBefore(r.window().end())) {
      // Never resurrect: access that has ended stays ended.
      throw new ConflictException(
          "request "
              + r.id()
              + " ended at "
              + r.window().end()
              + " before the extension was approved");
    }
    List<Approval> more = new ArrayList<>(pending.approvals());
    more.add(new Approval(approver, now, comment));
    Extension counted =
        new Extension(
            pending.by(),
            pending.justification(),
            pending.requestedAt(),
            pending.approvalsRequired(),
            more,
            null);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("approvals", more.size() + " of " + pending.approvalsRequired());
    if (comment != null && !comment.isEmpty()) {
      details.put("comment", comment);
    }
    AccessRequest next = r.change().extension(counted).build();
    if (more.size() < pending.approvalsRequired()) {
      return next.withEvent(now, AuditType.EXTENSION_APPROVED, approver.email(), details);
    }
    return fixed(next, approver.email(), now, details);
  }

  /** Enough approvals: the new end is fixed, and the request is due at once for the cloud. */
  private static AccessRequest fixed(
      AccessRequest r, String actor, Instant now, Map<String, String> more) {
    Extension e = r.extension();
    Instant newEnd = r.window().end().plus(e.by());
    Map<String, String> details = new LinkedHashMap<>(more);
    details.put("oldEnd", r.window().end().toString());
    details.put("newEnd", newEnd.toString());
    details.put("final", "true");
    return r.change()
        .extension(
            new Extension(
                e.by(),
                e.justification(),
                e.requestedAt(),
                e.approvalsRequired(),
                e.approvals(),
                newEnd))
        .dueAt(now)
        .build()
        .withEvent(now, AuditType.EXTENSION_APPROVED, actor, details);
  }

  /** The cloud follows the new end: the window moves, and the sweep is next due at its end. */
  static AccessRequest applied(AccessRequest r, Instant now, Map<String, String> cloud) {
    requireActive(r, "extend");
    Extension e = r.extension();
    if (e == null || !e.approved()) {
      throw new ConflictException("request " + r.id() + " has no approved extension");
    }
    Map<String, String> details = new LinkedHashMap<>(cloud);
    details.put("oldEnd", r.window().end().toString());
    details.put("newEnd", e.newEnd().toString());
    details.put("extension", Integer.toString(r.extensions() + 1));
    return r.change()
        .window(new Window(r.window().start(), e.newEnd()))
        .extension(null)
        .extensions(r.extensions() + 1)
        .dueAt(e.newEnd())
        .build()
        .withEvent(now, AuditType.EXTENDED, AccessRequest.SYSTEM, details);
  }

  /** An extension that can no longer apply (the access ended first) is dropped, not applied. */
  static AccessRequest refused(AccessRequest r, String reason, Instant now) {
    if (r.extension() == null) {
      throw new ConflictException("request " + r.id() + " has no extension");
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("oldEnd", r.window().end().toString());
    return r.change()
        .extension(null)
        .dueAt(r.state() == RequestState.ACTIVE ? r.window().end() : r.dueAt())
        .build()
        .withEvent(now, AuditType.EXTENSION_REFUSED, AccessRequest.SYSTEM, details);
  }

  private static void requireActive(AccessRequest r, String verb) {
    if (r.state() != RequestState.ACTIVE) {
      throw new ConflictException(
          "cannot " + verb + " request " + r.id() + ": it is " + r.state() + ", not ACTIVE");
    }
  }
}
