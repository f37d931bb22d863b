package dev.jitgate.domain;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a request comes to be: its input checked against the entitlement, and its first events. */
final class Submission {
  private Submission() {}

  static AccessRequest submit(
      RequestId id,
      Entitlement entitlement,
      Caller requester,
      Duration duration,
      String justification,
      Instant startAt,
      boolean breakGlass,
      Instant now) {
    if (startAt != null) {
      requireSchedulable(entitlement, startAt, now);
    }
    if (breakGlass) {
      requireBreakGlass(entitlement, duration, justification);
    } else if (!entitlement.duration().allows(duration)) {
      throw new InvalidRequestException(
          "duration "
              + duration
              + " is outside what "
              + entitlement.id()
              + " allows: "
              + entitlement.duration().min()
              + " to "
              + entitlement.duration().max());
    }
    if (!entitlement.justification().accepts(justification)) {
      String hint = entitlement.justification().hint().map(h -> " (" + h + ")").orElse("");
      throw new InvalidRequestException(
          (justification == null || justification.isBlank()
                  ? entitlement.id() + " needs a justification"
                  : "the justification does not match what " + entitlement.id() + " asks for")
              + hint);
    }
    PrincipalId principalId = principalId(entitlement, requester);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("entitlement", entitlement.id().value());
    details.put("duration", duration.toString());
    if (startAt != null) {
      details.put("startAt", startAt.toString());
    }
    details.put("justification", justification == null ? "" : justification);
    if (principalId != null) {
      details.put("principalId", principalId.value());
    }
    if (breakGlass) {
      details.put("breakGlass", "true");
    }
    Instant deadline = now.plus(entitlement.approvalTimeout());
    Attention attention = breakGlass ? breakGlassAttention() : attention(entitlement, now);
    AccessRequest pending =
        new AccessRequest(
            id,
            entitlement.id(),
            entitlement.grant(),
            requester.email(),
            requester.groups(),
            principalId,
            justification,
            duration,
            now,
            deadline,
            breakGlass ? 0 : entitlement.approvalsRequired(),
            List.of(),
            null,
            RequestState.PENDING,
            null,
            null,
            null,
            null,
            null,
            0,
            attention.nextDue(deadline),
            null,
            null,
            1,
            AuditChain.append(
                id.value(),
                List.of(),
                now,
                AuditType.REQUESTED,
                requester.email().email(),
                details),
            attention,
            null,
            0,
            startAt);
    if (breakGlass) {
      AccessRequest approved =
          pending
              .approvedAt(now)
              .withEvent(
                  now,
                  AuditType.APPROVED,
                  AccessRequest.POLICY,
                  Map.of("approvals", "0 of 0", "rule", "breakGlass"));
      return approved.withVersion(1);
    }
    if (entitlement.approvalsRequired() == 0) {
      AccessRequest approved =
          pending
              .approvedAt(now)
              .withEvent(
                  now,
                  AuditType.APPROVED,
                  AccessRequest.POLICY,
                  Map.of("approvals", "0 of 0", "rule", "approvals: 0"));
      return approved.withVersion(1);
    }
    return pending;
  }

  /** The reminder and escalation moments of a new PENDING request, from its entitlement. */
  private static Attention attention(Entitlement entitlement, Instant now) {
    AttentionRule rule = entitlement.attention();
    return new Attention(
        rule.remindAfter().map(now::plus).orElse(null),
        null,
        rule.escalateAfter().map(now::plus).orElse(null),
        null,
        false,
        null);
  }

  private static Attention breakGlassAttention() {
    return new Attention(null, null, null, null, true, null);
  }

  /** Break-glass needs the entitlement's consent, a justification and at most breakGlassMax. */
  private static void requireBreakGlass(
      Entitlement entitlement, Duration duration, String justification) {
    Duration max =
        entitlement
            .attention()
            .breakGlassMax()
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        entitlement.id() + " does not allow break-glass activation"));
    if (justification == null || justification.isBlank()) {
      throw new InvalidRequestException("break-glass activation needs a justification");
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
      throw new InvalidRequestException(
          "a break-glass duration must be positive and at most "
              + max
              + " for "
              + entitlement.id()
              + ", not "
              + duration);
    }
  }

  /** A window asked for ahead must start in the future and within the entitlement's limit. */
  private static void requireSchedulable(Entitlement entitlement, Instant startAt, Instant now) {
    if (entitlement.scheduleAhead().isZero()) {
      throw new InvalidRequestException(
          entitlement.id() + " does not allow scheduling ahead: leave out startAt");
    }
    if (!startAt.isAfter(now)) {
      throw new InvalidRequestException("startAt " + startAt + " is not in the future");
    }
    if (startAt.isAfter(now.plus(entitlement.scheduleAhead()))) {
      throw new InvalidRequestException(
          "startAt "
              + startAt
              + " is further ahead than the "
              + entitlement.scheduleAhead()
              + " "
              + entitlement.id()
              + " allows");
    }
  }

  /**
   * The requester's directory id when the entitlement's cloud names grantees by id; refused up
   * front, rather than at activation after the approvers' work, when the sign-in carries none.
   */
  private static PrincipalId principalId(Entitlement entitlement, Caller requester) {
    GrantKind kind = entitlement.grant().kind();
    if (!kind.needsPrincipalId()) {
      return null;
    }
    return requester
        .entraObjectId()
        .orElseThrow(
            () ->
                new ForbiddenException(
                    entitlement.id()
                        + " grants "
                        + kind.id()
                        + ", which Azure assigns to your Entra object id, and your sign-in"
                        + " carries none: sign in through Entra ID (its tokens carry the 'oid'"
                        + " claim)"));
  }
}
