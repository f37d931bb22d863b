package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.RequesterHistory;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Notification;
import dev.jitgate.port.RequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requester's history costs one bounded query of the by-requester index, never a scan. */
class RequesterHistoryQueryTest {
  private final ServiceHarness h = new ServiceHarness();
  private final CountingStore store = new CountingStore(h.store);
  private final AccessService service =
      new AccessService(
          store,
          h.policy::get,
          List.of(h.gcp),
          List.of(h.notifier),
          (requestId, events) -> {},
          ServiceHarness.AUDIT_KEY,
          h.tokens,
          h.clock,
          ServiceSettings.DEFAULTS);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void history_isOneByRequesterQueryOfOnePage() {
    AccessRequest granted = request("INC-1: first");
    service.decide(CAROL, Decide.approve(granted.id(), "ok"));
    h.clock.advance(Duration.ofHours(2));
    AccessRequest pending = request("INC-2: again");
    store.calls.clear();

    RequesterHistory history = service.history(pending);

    assertThat(store.calls).containsExactly("byRequester(alice@example.com, 100)");
    assertThat(history.granted()).isEqualTo(1);
    assertThat(history.heldUntil()).isEmpty();
    assertThat(history.partial()).isFalse();
  }

  @Test
  void newRequest_announcesTheHistoryFromOneByRequesterQuery() {
    AccessRequest held = request("INC-1: first");
    service.decide(CAROL, Decide.approve(held.id(), "ok"));
    store.calls.clear();

    AccessRequest pending = request("INC-2: more");

    assertThat(store.calls.stream().filter(c -> c.startsWith("byRequester"))).hasSize(1);
    Notification n = h.notifier.sent(Notification.Kind.NEW_REQUEST).get(1);
    assertThat(n.request().id()).isEqualTo(pending.id());
    assertThat(n.history().orElseThrow().heldUntil()).contains(h.stored(held.id()).window().end());
    assertThat(n.at()).isEqualTo(h.clock.instant());
  }

  private AccessRequest request(String why) {
    return service.request(
        ALICE,
        new RequestAccess(new EntitlementId("gcp-prod-storage-admin"), Optional.empty(), why));
  }

  /** The real store, with every query it answers written down. */
  private static final class CountingStore implements RequestStore {
    final List<String> calls = new ArrayList<>();
    private final RequestStore store;

    CountingStore(RequestStore store) {
      this.store = store;
    }

    @Override
    public void create(AccessRequest request) {
      store.create(request);
    }

    @Override
    public Optional<AccessRequest> get(RequestId id) {
      calls.add("get");
      return store.get(id);
    }

    @Override
    public boolean update(AccessRequest next, long expectedVersion) {
      return store.update(next, expectedVersion);
    }

    @Override
    public List<AccessRequest> due(
        RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
      calls.add("due");
      return store.due(state, kinds, now, limit);
    }

    @Override
    public List<AccessRequest> byRequester(UserId requester, int limit) {
      calls.add("byRequester(" + requester + ", " + limit + ")");
      return store.byRequester(requester, limit);
    }

    @Override
    public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
      calls.add("pendingFor");
      return store.pendingFor(entitlements, limit);
    }

    @Override
    public List<AccessRequest> waitingOnApproversFor(
        Collection<EntitlementId> entitlements, int limit) {
      calls.add("waitingOnApproversFor");
      return store.waitingOnApproversFor(entitlements, limit);
    }

    @Override
    public List<AccessRequest> activeByGrantKey(GrantKey key) {
      calls.add("activeByGrantKey");
      return store.activeByGrantKey(key);
    }
  }
}
