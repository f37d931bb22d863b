package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.DuePage;
import dev.jitgate.port.RequestStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real store that records every due query the sweep makes: which state and which kinds. */
final class CountingStore implements RequestStore {
  /** One due query. */
  record DueQuery(RequestState state, Set<GrantKind> kinds) {}

  private final RequestStore store;
  private final List<DueQuery> dueQueries = new CopyOnWriteArrayList<>();

  CountingStore(RequestStore store) {
    this.store = store;
  }

  List<DueQuery> dueQueries() {
    return List.copyOf(dueQueries);
  }

  @Override
  public void create(AccessRequest request) {
    store.create(request);
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    return store.get(id);
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    return store.update(next, expectedVersion);
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    dueQueries.add(new DueQuery(state, Set.copyOf(kinds)));
    return store.due(state, kinds, now, limit);
  }

  @Override
  public DuePage duePage(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    dueQueries.add(new DueQuery(state, Set.copyOf(kinds)));
    return store.duePage(state, kinds, now, limit);
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    return store.byRequester(requester, limit);
  }

  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    return store.pendingFor(entitlements, limit);
  }

  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    return store.waitingOnApproversFor(entitlements, limit);
  }

  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    return store.activeByGrantKey(key);
  }
}
