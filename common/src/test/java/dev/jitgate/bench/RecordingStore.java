package dev.jitgate.bench;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A real store that keeps every write made through it (the request and the version it expected, -1
 * for a create), so that the same writes can be replayed on their own, and counts the reads.
 */
final class RecordingStore implements RequestStore {
  /** One write: a create when {@code expected} is -1, else a compare-and-set update. */
  record Write(AccessRequest request, long expected) {}

  private final RequestStore store;
  private final List<Write> writes = new ArrayList<>();
  final AtomicInteger reads = new AtomicInteger();
  final AtomicLong writeNanos = new AtomicLong();
  final AtomicLong readNanos = new AtomicLong();

  RecordingStore(RequestStore store) {
    this.store = store;
  }

  synchronized List<Write> takeWrites() {
    List<Write> taken = List.copyOf(writes);
    writes.clear();
    return taken;
  }

  @Override
  public void create(AccessRequest request) {
    long t0 = System.nanoTime();
    store.create(request);
    writeNanos.addAndGet(System.nanoTime() - t0);
    synchronized (this) {
      writes.add(new Write(request, -1));
    }
  }

  @Override
  public boolean update(AccessRequest next, long expectedVersion) {
    long t0 = System.nanoTime();
    boolean done = store.update(next, expectedVersion);
    writeNanos.addAndGet(System.nanoTime() - t0);
    if (done) {
      synchronized (this) {
        writes.add(new Write(next, expectedVersion));
      }
    }
    return done;
  }

  @Override
  public Optional<AccessRequest> get(RequestId id) {
    return timedRead(() -> store.get(id));
  }

  @Override
  public List<AccessRequest> due(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    return timedRead(() -> store.due(state, kinds, now, limit));
  }

  @Override
  public DuePage duePage(RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
    return timedRead(() -> store.duePage(state, kinds, now, limit));
  }

  @Override
  public List<AccessRequest> byRequester(UserId requester, int limit) {
    return timedRead(() -> store.byRequester(requester, limit));
  }

  @Override
  public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
    return timedRead(() -> store.pendingFor(entitlements, limit));
  }

  @Override
  public List<AccessRequest> waitingOnApproversFor(
      Collection<EntitlementId> entitlements, int limit) {
    return timedRead(() -> store.waitingOnApproversFor(entitlements, limit));
  }

  @Override
  public List<AccessRequest> activeByGrantKey(GrantKey key) {
    return timedRead(() -> store.activeByGrantKey(key));
  }

  private <T> T timedRead(Supplier<T> read) {
    reads.incrementAndGet();
    long t0 = System.nanoTime();
    try {
      return read.get();
    } finally {
      readNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /** Replays {@code writes} on {@code target} as they were made. */
  static void replay(RequestStore target, List<Write> writes) {
    for (Write w : writes) {
      if (w.expected() < 0) {
        target.create(w.request());
      } else if (!target.update(w.request(), w.expected())) {
        throw new IllegalStateException("a replayed write lost its compare-and-set");
      }
    }
  }
}
