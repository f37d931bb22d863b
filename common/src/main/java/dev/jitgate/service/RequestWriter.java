package dev.jitgate.service;

import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.AuditSink;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.NotFoundException;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.RequestStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies transitions with compare-and-set. When another writer got there first, it re-reads the
 * request and applies the transition again to the new state, which may now refuse it. Every event
 * is sealed with the audit key before it is stored, and stored events are then handed to the audit
 * sink.
 */
final class RequestWriter {
  private static final Logger LOG = Logger.getLogger(RequestWriter.class.getName());
  private static final int MAX_ATTEMPTS = 16;

  private final RequestStore store;
  private final AuditSink audit;
  private final AuditKey key;

  RequestWriter(RequestStore store, AuditSink audit, AuditKey key) {
    this.store = store;
    this.audit = audit;
    this.key = key;
  }

  AccessRequest create(AccessRequest unsealed) {
    AccessRequest request = unsealed.sealedWith(key);
    store.create(request);
    audit.published(request.id().value(), request.events());
    return request;
  }

  AccessRequest read(RequestId id) {
    return store
        .get(id)
        .orElseThrow(() -> new NotFoundException("there is no request " + id + " you can see"));
  }

  /**
   * Refuses to act on a request whose stored record does not match its sealed audit trail: an
   * edited or re-hashed event, a stripped seal, or a state or approval its events do not record.
   * Someone wrote to the store behind the service's back; an operator has to look.
   *
   * @param action what was about to happen, such as "decided"
   */
  void requireIntact(AccessRequest request, String action) {
    Optional<String> problem = request.integrityProblem(key);
    if (problem.isPresent()) {
      LOG.log(
          Level.SEVERE,
          "request {0} failed its integrity check and was not {1}: {2}",
          new Object[] {request.id(), action, problem.get()});
      throw new ConflictException(
          "request "
              + request.id()
              + " cannot be "
              + action
              + ": its stored record does not match its sealed audit trail");
    }
  }

  /** How {@code request}'s audit trail verifies under the audit key. */
  AuditChain.Verification verify(AccessRequest request) {
    return key.verify(request.id().value(), request.events());
  }

  /** Applies {@code transition} to the stored request until a write wins or it refuses. */
  AccessRequest change(RequestId id, UnaryOperator<AccessRequest> transition) {
    return change(read(id), transition);
  }

  /** As {@link #change(RequestId, UnaryOperator)}, starting from a request already read. */
  AccessRequest change(AccessRequest current, UnaryOperator<AccessRequest> transition) {
    return changeIf(current, r -> Optional.of(transition.apply(r))).orElseThrow();
  }

  /**
   * Applies {@code transition} until a write wins. The transition returns empty when the request
   * (as re-read) no longer needs it, typically because another writer made the same move first;
   * then nothing is written and the result is empty.
   */
  Optional<AccessRequest> changeIf(
      AccessRequest current, Function<AccessRequest, Optional<AccessRequest>> transition) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<AccessRequest> next = transition.apply(current).map(r -> r.sealedWith(key));
      if (next.isEmpty()) {
        return Optional.empty();
      }
      if (store.update(next.get(), current.version())) {
        publish(current, next.get());
        return next;
      }
      current = read(current.id());
    }
    throw new ConflictException(
        "request " + current.id() + " is changing too often right now; try again");
  }

  private void publish(AccessRequest before, AccessRequest after) {
    List<AuditEvent> added = after.events().subList(before.events().size(), after.events().size());
    if (!added.isEmpty()) {
      audit.published(after.id().value(), added);
    }
  }
}
