package dev.jitgate.service;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.AuditSink;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ForbiddenException;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.InvalidRequestException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notifier;
import dev.jitgate.port.RequestStore;
import dev.jitgate.port.SessionCredentials;
import dev.jitgate.token.ApprovalClaims;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The use cases: request, approve, deny, cancel, revoke, the queries behind them, and the sweep.
 * Each takes a command or an id and returns the request as stored, or throws one of the domain's
 * named exceptions. Eligibility is checked against the current policy at request, at approval and
 * again at activation.
 */
public final class AccessService {
  private static final int LIST_LIMIT = 200;

  private final RequestStore store;
  private final Supplier<Policy> policy;
  private final ApprovalTokens tokens;
  private final Clock clock;
  private final RequestWriter writer;
  private final Announcer announcer;
  private final Lifecycle lifecycle;
  private final Extender extender;
  private final Sweep sweep;
  private final Nudges nudges;
  private final ServiceSettings settings;
  private final Map<GrantKind, CredentialIssuer> issuers;
  private final AuditKey auditKey;

  /**
   * @param policy the current policy; read on every use case, so a reloaded policy applies at once
   * @param providers at most one per grant kind; kinds without one are left to another deployment
   * @param clock the only source of time; it is truncated to milliseconds
   */
  public AccessService(
      RequestStore store,
      Supplier<Policy> policy,
      List<AccessProvider> providers,
      List<Notifier> notifiers,
      AuditSink audit,
      AuditKey auditKey,
      ApprovalTokens tokens,
      Clock clock,
      ServiceSettings settings) {
    this.store = store;
    this.policy = policy;
    this.tokens = tokens;
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
    this.writer = new RequestWriter(store, audit, auditKey);
    this.announcer = new Announcer(notifiers, writer, store);
    this.lifecycle = new Lifecycle(store, writer, announcer, policy, byKind(providers), settings);
    this.nudges = new Nudges(store, writer, announcer, policy, tokens, lifecycle::handles);
    this.extender = new Extender(store, writer, announcer, policy, byKind(providers), settings);
    this.sweep =
        new Sweep(
            store, writer, announcer, lifecycle, policy, settings, this.clock, nudges, extender);
    this.settings = settings;
    this.issuers = issuers(providers);
    this.auditKey = auditKey;
  }

  /** The entitlements {@code caller} may request. */
  public List<Entitlement> entitlements(Caller caller) {
    return policy.get().requestableBy(caller);
  }

  /**
   * Creates a request. It waits for approvals, or, when the entitlement needs none, is approved and
   * activated at once.
   */
  public AccessRequest request(Caller caller, RequestAccess command) {
    Instant now = clock.instant();
    Policy current = policy.get();
    Entitlement entitlement =
        current
            .entitlement(command.entitlement())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "there is no entitlement " + command.entitlement()));
    if (!current.canRequest(caller, entitlement)) {
      throw new ForbiddenException("you are not eligible to request " + entitlement.id());
    }
    if (command.breakGlass()) {
      return breakGlass(caller, entitlement, command, now);
    }
    Duration duration = command.duration().orElse(entitlement.duration().defaultDuration());
    requireNoActiveHolder(caller, entitlement);
    AccessRequest created =
        writer.create(
            AccessRequest.submit(
                RequestId.random(),
                entitlement,
                caller,
                duration,
                command.justification(),
                command.startAt().orElse(null),
                now));
    if (created.state() == RequestState.APPROVED) {
      return approved(created, Optional.of(entitlement), now);
    }
    return announcer.announce(
        Notification.Kind.NEW_REQUEST,
        created,
        Optional.of(entitlement),
        invites(created, entitlement, current),
        now);
  }

  /**
   * Break-glass (issue 14): approved by the policy at once, every approver and the policy's
   * break-glass channel told loudly, and activated like any approved request (durable intent
   * first). The duration defaults to the shorter of the entitlement's default and breakGlassMax.
   */
  private AccessRequest breakGlass(
      Caller caller, Entitlement entitlement, RequestAccess command, Instant now) {
    Duration max =
        entitlement
            .attention()
            .breakGlassMax()
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        entitlement.id() + " does not allow break-glass activation"));
    Duration fallback = entitlement.duration().defaultDuration();
    Duration duration = command.duration().orElse(fallback.compareTo(max) > 0 ? max : fallback);
    requireNoActiveHolder(caller, entitlement);
    AccessRequest created =
        writer.create(
            AccessRequest.breakGlass(
                RequestId.random(), entitlement, caller, duration, command.justification(), now));
    AccessRequest told =
        announcer.announce(
            Notification.Kind.BREAK_GLASS,
            created,
            Optional.of(entitlement),
            told(created, entitlement),
            now);
    return lifecycle.activate(told, now);
  }

  /**
   * Every approver who can be listed, other than the requester, for a mail with nothing to decide
   * by link (a break-glass activation, an extension): no approval token is minted for them.
   */
  private List<Notification.Invite> told(AccessRequest request, Entitlement entitlement) {
    return policy.get().knownApprovers(entitlement).stream()
        .filter(approver -> !approver.equals(request.requester()))
        .map(Notification.Invite::withoutLink)
        .toList();
  }

  /**
   * An approver closes the review of a break-glass activation as confirmed or flagged, with a
   * comment; never the requester, and once.
   */
  public AccessRequest review(Caller caller, ReviewCommand command) {
    Instant now = clock.instant();
    AccessRequest current = visible(caller, command.request());
    writer.requireIntact(current, "reviewed");
    Optional<Entitlement> entitlement = policy.get().entitlement(current.entitlement());
    if (!caller.email().equals(current.requester())
        && (entitlement.isEmpty() || !policy.get().canApprove(caller, entitlement.get()))) {
      throw new ForbiddenException("you are not an approver of " + current.entitlement());
    }
    AccessRequest reviewed =
        writer.change(
            current, r -> r.review(caller.email(), command.outcome(), command.comment(), now));
    return announcer.announce(Notification.Kind.REVIEWED, reviewed, entitlement, List.of(), now);
  }

  /**
   * An {@link dev.jitgate.domain.GrantKind#exclusive() exclusive} kind's artifact cannot serve two
   * requests: while one is ACTIVE, a second for the same grant key is refused up front. (One that
   * was already pending when the first activated fails at activation, with the cloud's reason.)
   */
  private void requireNoActiveHolder(Caller caller, Entitlement entitlement) {
    if (!entitlement.grant().kind().exclusive()) {
      return;
    }
    GrantKey key = GrantKey.of(entitlement.grant(), caller.email());
    store.activeByGrantKey(key).stream()
        .findFirst()
        .ifPresent(
            holder -> {
              throw new ConflictException(
                  "request "
                      + holder.id()
                      + " already gives you "
                      + entitlement.grant().kind().id()
                      + " access to this role and scope until "
                      + holder.window().end()
                      + ", and the cloud keeps one assignment per person, role and scope: revoke"
                      + " it first, or ask again when it has ended");
            });
  }

  /** An approver approves or denies; the last approval needed also activates the request. */
  public AccessRequest decide(Caller caller, Decide command) {
    Instant now = clock.instant();
    AccessRequest current = visible(caller, command.request());
    writer.requireIntact(current, "decided");
    Optional<Entitlement> entitlement = policy.get().entitlement(current.entitlement());
    UserId approver = caller.email();
    if (!approver.equals(current.requester())
        && (entitlement.isEmpty() || !policy.get().canDecide(caller, entitlement.get(), current))) {
      throw new ForbiddenException("you are not an approver of " + current.entitlement());
    }
    if (current.state() == RequestState.ACTIVE && current.extension() != null) {
      return decideExtension(current, approver, command, now);
    }
    if (command.decision() == Decide.Decision.DENY) {
      AccessRequest denied = writer.change(current, r -> r.deny(approver, command.text(), now));
      return announcer.announce(Notification.Kind.DENIED, denied, entitlement, List.of(), now);
    }
    if (!approver.equals(current.requester())) {
      lifecycle
          .eligibilityProblem(current, entitlement)
          .ifPresent(
              problem -> {
                throw new ForbiddenException(problem + ", so the request cannot be approved");
              });
    }
    AccessRequest approved = writer.change(current, r -> r.approve(approver, command.text(), now));
    return approved.state() == RequestState.APPROVED
        ? approved(approved, entitlement, now)
        : approved;
  }

  /**
   * The requester asks for more time on ACTIVE access. The current access keeps running; when the
   * entitlement needs no approval for an extension, the cloud follows at once.
   */
  public AccessRequest extend(Caller caller, ExtendAccess command) {
    Instant now = clock.instant();
    AccessRequest current = visible(caller, command.request());
    writer.requireIntact(current, "extended");
    Entitlement entitlement =
        policy
            .get()
            .entitlement(current.entitlement())
            .orElseThrow(
                () ->
                    new ForbiddenException(
                        current.entitlement()
                            + " is no longer in the policy, so it cannot be"
                            + " extended"));
    lifecycle
        .eligibilityProblem(current, Optional.of(entitlement))
        .ifPresent(
            problem -> {
              throw new ForbiddenException(problem + ", so the access cannot be extended");
            });
    command.requireJustified(entitlement);
    AccessRequest asked =
        writer.change(
            current,
            r ->
                r.requestExtension(
                    caller.email(), command.duration(), command.justification(), entitlement, now));
    if (asked.extension() != null && !asked.extension().approved()) {
      return announcer.announce(
          Notification.Kind.EXTENSION_REQUESTED,
          asked,
          Optional.of(entitlement),
          told(asked, entitlement),
          now);
    }
    return extender.apply(asked, now);
  }

  private AccessRequest decideExtension(
      AccessRequest current, UserId approver, Decide command, Instant now) {
    if (command.decision() == Decide.Decision.DENY) {
      AccessRequest denied =
          writer.change(
              current,
              r -> {
                if (r.state() != RequestState.ACTIVE || r.extension() == null) {
                  throw new ConflictException("request " + r.id() + " has no extension to deny");
                }
                if (r.extension().approved()) {
                  throw new ConflictException(
                      "the extension of " + r.id() + " is already approved");
                }
                return r.extensionRefused("denied by " + approver + ": " + command.text(), now);
              });
      return extender.tell(Notification.Kind.EXTENSION_REFUSED, denied, now);
    }
    AccessRequest approved =
        writer.change(current, r -> r.approveExtension(approver, command.text(), now));
    return extender.apply(approved, now);
  }

  /** The requester withdraws a PENDING request. */
  public AccessRequest cancel(Caller caller, RequestId id) {
    Instant now = clock.instant();
    AccessRequest current = visible(caller, id);
    return writer.change(current, r -> r.cancel(caller.email(), now));
  }

  /** The requester or an approver ends ACTIVE access early. */
  public AccessRequest revoke(Caller caller, Revoke command) {
    Instant now = clock.instant();
    AccessRequest current = visible(caller, command.request());
    if (current.state() != RequestState.ACTIVE) {
      throw new ConflictException(
          "cannot revoke request " + current.id() + ": it is " + current.state() + ", not ACTIVE");
    }
    Optional<AccessRequest> ended =
        lifecycle.end(current, Optional.of(caller.email()), command.reason(), now);
    if (ended.isPresent()) {
      return ended.get();
    }
    // The sweep may have finished this caller's own revoke, started by this call, first.
    AccessRequest after = writer.read(current.id());
    if (after.state() == RequestState.REVOKED && caller.email().email().equals(after.endedBy())) {
      return after;
    }
    throw new ConflictException("request " + current.id() + " has already ended");
  }

  /**
   * Decides through an approval link, as the approver the token names. When the entitlement asks
   * for sign-in, {@code signedIn} must be that same approver. Groups from the approver's sign-in
   * count when present; otherwise only the policy's own groups do.
   */
  public AccessRequest decideByLink(
      ApprovalClaims claims, Optional<Caller> signedIn, Decide.Decision decision, String text) {
    Decide command = new Decide(claims.requestId(), decision, text);
    Caller caller = linkCaller(claims, signedIn);
    AccessRequest current = visible(caller, claims.requestId());
    if (current.state() == RequestState.ACTIVE && current.extension() != null) {
      // A link was mailed for the request itself, and may already have been used: it must not
      // decide an extension its approver was never shown.
      throw new ConflictException(
          "this approval link was for request "
              + current.id()
              + " while it waited for approval; decide its extension signed in, in the console"
              + " (/console/requests/"
              + current.id()
              + ")");
    }
    return decide(caller, command);
  }

  /**
   * The request an approval link points at, for its page; the link's approver must still see it.
   */
  public AccessRequest viewByLink(ApprovalClaims claims, Optional<Caller> signedIn) {
    return visible(linkCaller(claims, signedIn), claims.requestId());
  }

  /** The entitlement a request is for, as the current policy has it; empty once removed. */
  public Optional<Entitlement> entitlementOf(AccessRequest request) {
    return policy.get().entitlement(request.entitlement());
  }

  /**
   * The requester's history of {@code request}'s entitlement at the clock's now, for the people who
   * decide it: one query of the store's by-requester index, at most {@link RequesterHistory#PAGE}
   * requests, never a scan.
   */
  public RequesterHistory history(AccessRequest request) {
    return Announcer.history(store, request, clock.instant());
  }

  /** Whether deciding this request through a link needs the approver to be signed in. */
  public boolean signInRequired(AccessRequest request) {
    return policy
        .get()
        .entitlement(request.entitlement())
        .map(e -> e.signInRequired())
        .orElse(true);
  }

  /**
   * Fresh session credentials for the requester of an ACTIVE credentials grant. They are issued on
   * each call, end no later than the window, and are never stored.
   */
  public SessionCredentials credentials(Caller caller, RequestId id) {
    AccessRequest request = visible(caller, id);
    if (!request.requester().equals(caller.email())) {
      throw new ForbiddenException("only the requester can fetch the credentials of " + id);
    }
    if (!request.grant().kind().issuesCredentials()) {
      throw new NotFoundException(
          "request "
              + id
              + " grants "
              + request.grant().kind().id()
              + ", which has no credentials");
    }
    if (request.state() != RequestState.ACTIVE) {
      throw new ConflictException(
          "credentials are available while the request is ACTIVE; "
              + id
              + " is "
              + request.state());
    }
    writer.requireIntact(request, "given credentials");
    // The policy may have changed since approval: credentials are minted only for a requester who
    // is still eligible for an entitlement that still exists.
    lifecycle
        .eligibilityProblem(request, policy.get().entitlement(request.entitlement()))
        .ifPresent(
            problem -> {
              throw new ForbiddenException(problem + ", so no new credentials are issued");
            });
    CredentialIssuer issuer = issuers.get(request.grant().kind());
    if (issuer == null) {
      throw new ConflictException(
          "this deployment cannot issue " + request.grant().kind().id() + " credentials");
    }
    return issuer.issue(Grant.of(request), clock.instant());
  }

  private Caller linkCaller(ApprovalClaims claims, Optional<Caller> signedIn) {
    AccessRequest request = writer.read(claims.requestId());
    if (signedIn.isPresent() && signedIn.get().email().equals(claims.approver())) {
      return signedIn.get();
    }
    if (signInRequired(request)) {
      throw new ForbiddenException(
          "sign in as " + claims.approver() + " to decide on this request");
    }
    UserId approver = claims.approver();
    return new Caller(approver.email(), approver, java.util.Set.of(), java.util.Map.of());
  }

  /**
   * A request's audit events and whether they verify: an unbroken chain, every event sealed with
   * this deployment's audit key.
   */
  public AuditTrail audit(Caller caller, RequestId id) {
    AccessRequest request = visible(caller, id);
    return new AuditTrail(request.events(), writer.verify(request).valid());
  }

  /**
   * One page of the audit export for {@code caller}, to be written by the front end: only members
   * of the policy's own {@code auditors} group may export.
   *
   * @throws ForbiddenException for anyone else
   */
  public AuditExport auditExport(Caller caller, AuditQuery query) {
    if (!policy.get().isAuditor(caller.email())) {
      throw new ForbiddenException(
          "only members of the policy's '" + Policy.AUDITORS + "' group may export the audit");
    }
    return new AuditExport(store, auditKey, query);
  }

  /** A request's events, and whether they verify. */
  public record AuditTrail(List<AuditEvent> events, boolean valid) {}

  /**
   * A request the caller may see and whether its audit trail verifies, from one read of the store:
   * the console's detail page.
   */
  public Detail detail(Caller caller, RequestId id) {
    AccessRequest request = visible(caller, id);
    return new Detail(request, writer.verify(request).valid());
  }

  /** A request, and whether its events verify. */
  public record Detail(AccessRequest request, boolean chainValid) {}

  /** A request the caller may see: their own, or one they may approve. */
  public AccessRequest get(Caller caller, RequestId id) {
    return visible(caller, id);
  }

  /** The caller's own requests, newest first, optionally in one state. */
  public List<AccessRequest> mine(Caller caller, Optional<RequestState> state) {
    return store.byRequester(caller.email(), LIST_LIMIT).stream()
        .filter(r -> state.map(s -> r.state() == s).orElse(true))
        .toList();
  }

  /**
   * PENDING requests the caller may decide, newest first; never the caller's own. Requests
   * escalated to the caller count as well, and so do break-glass activations whose review the
   * caller, as an approver, may close, and extensions waiting for the caller's approval.
   */
  public List<AccessRequest> toDecide(Caller caller) {
    Policy current = policy.get();
    List<EntitlementId> ids = current.approvableBy(caller).stream().map(Entitlement::id).toList();
    List<EntitlementId> escalating =
        current.escalatingTo(caller).stream()
            .map(Entitlement::id)
            .filter(id -> !ids.contains(id))
            .toList();
    List<AccessRequest> found = new java.util.ArrayList<>();
    if (!ids.isEmpty()) {
      found.addAll(store.pendingFor(ids, LIST_LIMIT));
    }
    if (!escalating.isEmpty()) {
      store.pendingFor(escalating, LIST_LIMIT).stream()
          .filter(r -> r.attention().escalated())
          .forEach(found::add);
    }
    // Only entitlements that allow break-glass (reviews) or extensions with approval can have work
    // for approvers outside PENDING: no query for the others.
    List<EntitlementId> waiting =
        current.approvableBy(caller).stream()
            .filter(e -> e.attention().breakGlass() || e.extensionApprovals() > 0)
            .map(Entitlement::id)
            .toList();
    if (!waiting.isEmpty()) {
      found.addAll(store.waitingOnApproversFor(waiting, LIST_LIMIT));
    }
    return found.stream()
        .filter(r -> !r.requester().equals(caller.email()))
        .sorted(java.util.Comparator.comparing(AccessRequest::createdAt).reversed())
        .limit(LIST_LIMIT)
        .toList();
  }

  /**
   * Times out, activates and expires whatever is due at {@code now}, in bounded batches, within the
   * configured {@link ServiceSettings#sweepTimeout() timeout}. Running it again at the same {@code
   * now} changes nothing.
   */
  public SweepReport sweep(Instant now) {
    return sweep(now, settings.sweepTimeout());
  }

  /**
   * As {@link #sweep(Instant)}, within {@code budget} from now (such as the time the platform says
   * the function has left): no new item is taken once less than the reserve remains, and what was
   * left is counted in the report.
   */
  public SweepReport sweep(Instant now, Duration budget) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("a sweep needs time to run, not " + budget);
    }
    return sweep.run(now.truncatedTo(ChronoUnit.MILLIS), budget);
  }

  /**
   * The sweep at a single-process deployment's start, when no approving call of an earlier process
   * can still be running: it takes over APPROVED requests at once instead of after the grace
   * period, so that whatever a crash left half-done is finished or revoked right away. Racing an
   * approving call of this process is harmless, since grants are idempotent and each transition is
   * a compare-and-set.
   */
  public SweepReport recover(Instant now) {
    return sweep.run(now.truncatedTo(ChronoUnit.MILLIS), Duration.ZERO, settings.sweepTimeout());
  }

  private AccessRequest approved(
      AccessRequest request, Optional<Entitlement> entitlement, Instant now) {
    AccessRequest told =
        announcer.announce(Notification.Kind.APPROVED, request, entitlement, List.of(), now);
    return lifecycle.activate(told, now);
  }

  private List<Notification.Invite> invites(
      AccessRequest request, Entitlement entitlement, Policy current) {
    return current.knownApprovers(entitlement).stream()
        .filter(approver -> !approver.equals(request.requester()))
        .map(
            approver ->
                new Notification.Invite(
                    approver, tokens.issue(request.id(), approver, request.approvalDeadline())))
        .toList();
  }

  private AccessRequest visible(Caller caller, RequestId id) {
    AccessRequest request = writer.read(id);
    if (request.requester().equals(caller.email())) {
      return request;
    }
    Policy current = policy.get();
    boolean approver =
        current
            .entitlement(request.entitlement())
            .map(e -> current.canDecide(caller, e, request))
            .orElse(false);
    if (!approver) {
      throw new NotFoundException("there is no request " + id + " you can see");
    }
    return request;
  }

  private static Map<GrantKind, CredentialIssuer> issuers(List<AccessProvider> providers) {
    Map<GrantKind, CredentialIssuer> issuers = new EnumMap<>(GrantKind.class);
    for (AccessProvider provider : providers) {
      if (provider instanceof CredentialIssuer issuer) {
        issuers.put(provider.kind(), issuer);
      }
    }
    return issuers;
  }

  private static Map<GrantKind, AccessProvider> byKind(List<AccessProvider> providers) {
    Map<GrantKind, AccessProvider> byKind = new EnumMap<>(GrantKind.class);
    for (AccessProvider provider : providers) {
      if (byKind.put(provider.kind(), provider) != null) {
        throw new IllegalArgumentException("two providers for " + provider.kind().id());
      }
    }
    return byKind;
  }
}
