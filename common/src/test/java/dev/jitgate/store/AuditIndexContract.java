package dev.jitgate.store;

import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AuditExport;
import dev.jitgate.service.AuditQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The audit export's index: every store lists the requests with events in an hour, ordered by id,
 * and an export of a narrow range reads only the requests in it. Part of {@link
 * RequestStoreContract}, so every store runs it on its real server.
 */
public abstract class AuditIndexContract {
  private static final Duration HOUR = Duration.ofHours(1);

  /** The store under test, empty at the start of each test. */
  protected abstract RequestStore store();

  @Test
  void withEventsInHour_listsOnlyTheRequestsWithEventsInThatHour() {
    AccessRequest first = request().at(T0.plusSeconds(5)).pending();
    AccessRequest second = request().at(T0.plus(HOUR).plusSeconds(59 * 60)).pending();
    AccessRequest third = request().at(T0.plus(HOUR.multipliedBy(2))).pending();
    List.of(first, second, third).forEach(store()::create);

    assertThat(store().withEventsInHour(T0, Optional.empty(), 10)).containsExactly(first.id());
    assertThat(store().withEventsInHour(T0.plus(HOUR), Optional.empty(), 10))
        .containsExactly(second.id());
    assertThat(store().withEventsInHour(T0.minus(HOUR), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void withEventsInHour_afterAnUpdate_listsTheRequestInTheHourOfItsNewEvent() {
    AccessRequest pending = request().at(T0).pending();
    store().create(pending);
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(HOUR.multipliedBy(3)));

    assertThat(store().update(approved, pending.version())).isTrue();

    assertThat(store().withEventsInHour(T0, Optional.empty(), 10)).containsExactly(pending.id());
    assertThat(store().withEventsInHour(T0.plus(HOUR.multipliedBy(3)), Optional.empty(), 10))
        .containsExactly(pending.id());
    assertThat(store().withEventsInHour(T0.plus(HOUR), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void withEventsInHour_ordersByIdAndContinuesAfterTheGivenId() {
    List<String> ids =
        List.of("req-e-0001", "req-a-0001", "req-d-0001", "req-b-0001", "req-c-0001");
    for (String id : ids) {
      store().create(request().id(id).at(T0.plusSeconds(id.charAt(4))).pending());
    }

    List<RequestId> firstPage = store().withEventsInHour(T0, Optional.empty(), 2);
    List<RequestId> secondPage = store().withEventsInHour(T0, Optional.of(firstPage.get(1)), 2);
    List<RequestId> lastPage = store().withEventsInHour(T0, Optional.of(secondPage.get(1)), 2);

    assertThat(firstPage).extracting(RequestId::value).containsExactly("req-a-0001", "req-b-0001");
    assertThat(secondPage).extracting(RequestId::value).containsExactly("req-c-0001", "req-d-0001");
    assertThat(lastPage).extracting(RequestId::value).containsExactly("req-e-0001");
  }

  @Test
  void export_ofOneHourAmongMany_readsOnlyThatHoursRequests() throws Exception {
    int hours = 40;
    for (int h = 0; h < hours; h++) {
      for (int i = 0; i < 3; i++) {
        store().create(request().at(T0.plus(HOUR.multipliedBy(h)).plusSeconds(i)).pending());
      }
    }
    ReadCounting counting = new ReadCounting(store());
    Instant from = T0.plus(HOUR.multipliedBy(17));
    AuditQuery query = new AuditQuery(from, from.plus(HOUR), Optional.empty(), 100);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AuditExport(counting, new AuditKey(new byte[32]), query).writeTo(out);

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3 + 1);
    assertThat(counting.gets.get()).isEqualTo(3);
    assertThat(counting.indexReads.get()).isEqualTo(1);
  }

  /** The store, counting the reads an export makes. */
  private static final class ReadCounting implements RequestStore {
    private final RequestStore store;
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicInteger indexReads = new AtomicInteger();

    ReadCounting(RequestStore store) {
      this.store = store;
    }

    @Override
    public Optional<AccessRequest> get(RequestId id) {
      gets.incrementAndGet();
      return store.get(id);
    }

    @Override
    public List<RequestId> withEventsInHour(Instant hour, Optional<RequestId> after, int limit) {
      indexReads.incrementAndGet();
      return store.withEventsInHour(hour, after, limit);
    }

    @Override
    public void create(AccessRequest request) {
      throw new UnsupportedOperationException("an export only reads");
    }

    @Override
    public boolean update(AccessRequest next, long expectedVersion) {
      throw new UnsupportedOperationException("an export only reads");
    }

    @Override
    public List<AccessRequest> due(
        RequestState state, Set<GrantKind> kinds, Instant now, int limit) {
      throw new UnsupportedOperationException("an export only reads through the hour index");
    }

    @Override
    public List<AccessRequest> byRequester(UserId requester, int limit) {
      throw new UnsupportedOperationException("an export only reads through the hour index");
    }

    @Override
    public List<AccessRequest> pendingFor(Collection<EntitlementId> entitlements, int limit) {
      throw new UnsupportedOperationException("an export only reads through the hour index");
    }

    @Override
    public List<AccessRequest> waitingOnApproversFor(
        Collection<EntitlementId> entitlements, int limit) {
      throw new UnsupportedOperationException("an export only reads through the hour index");
    }

    @Override
    public List<AccessRequest> activeByGrantKey(GrantKey key) {
      throw new UnsupportedOperationException("an export only reads through the hour index");
    }
  }
}
