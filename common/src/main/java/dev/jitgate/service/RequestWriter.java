package dev.jitgate.service;

import dev.jitgate.audit.AuditEvent;
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

/**
 * Applies transitions with compare-and-set. When another writer got there first, it re-reads the
 * request and applies the transition again to the new state, which may now refuse it. Stored events
 * are then handed to the audit sink.
 */
final class RequestWriter {
  private static final int MAX_ATTEMPTS = 16;

  private final RequestStore store;
  private final AuditSink audit;

  RequestWriter(RequestStore store, AuditSink audit) {
    this.store = store;
    this.audit = audit;
  }

  AccessRequest create(AccessRequest request) {
    store.create(request);
    audit.published(request.id().value(), request.events());
    return request;
  }

  AccessRequest read(RequestId id) {
    return store
        .get(id)
        .orElseThrow(() -> new NotFoundException("there is no request " + id + " you can see"));
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
      Optional<AccessRequest> next = transition.apply(current);
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
