package dev.jitgate.console;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.RequestStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store that counts the queries made of it, to prove how many a page makes. */
final class CountingStore implements RequestStore {
  private final RequestStore store;
  private final AtomicInteger reads = new AtomicInteger();

  CountingStore(RequestStore store) {
    this.store = store;
  }

  /** The queries since the last call, and starts counting again. */
  int readsSinceLastAsked() {
    return reads.getAndSet(0);
  }

  @Override
  public void create(AccessRequest request) {
    store.create(request);
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    reads.incrementAndGet();
    return store.get(id);
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    return store.update(next, expectedVersion);
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    reads.incrementAndGet();
    return store.due(state, kinds, now, limit);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    reads.incrementAndGet();
    return store.byRequester(requester, limit);
  }

  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    reads.incrementAndGet();
    return store.pendingFor(entitlements, limit);
  }

  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    reads.incrementAndGet();
    return store.waitingOnApproversFor(entitlements, limit);
  }

  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    reads.incrementAndGet();
    return store.activeByGrantKey(key);
  }
}
