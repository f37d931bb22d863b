package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.BOB;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static dev.jitgate.service.ServiceHarness.DAVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's lanes, concurrency bound, time budget and queries. Waits here are bounded and only
 * order events; no test asserts how long anything took.
 */
class SweepThroughputTest {
  private static final long WAIT_SECONDS = 10;

  private final ServiceHarness h = new ServiceHarness();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    background.shutdownNow();
    h.close();
  }

  private AccessService service(
      RequestStore store, List<AccessProvider> providers, ServiceSettings settings) {
    return new AccessService(
        store,
        h.policy::get,
        providers,
        List.of(),
        (id, e) -> {},
        ServiceHarness.AUDIT_KEY,
        h.tokens,
        h.clock,
        settings);
  }

  private static ServiceSettings batchOf(int batch, int concurrency) {
    return new ServiceSettings(
            batch, 20, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30))
        .withSweep(concurrency, Duration.ofMinutes(5), Duration.ofMinutes(1));
  }

  @Test
  void sweep_whenOneKindsCloudIsSlow_stillEndsAnotherKindsItems() throws Exception {
    CountDownLatch gcpReleased = new CountDownLatch(1);
    HookedProvider slowGcp =
        new HookedProvider(GrantKind.GCP_IAM_BINDING, () -> await(gcpReleased));
    AccessRequest gcp = h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", "INC-1"));
    h.clock.advance(Duration.ofMinutes(1));
    AccessRequest aws1 = h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofHours(1)));
    AccessRequest aws2 = h.approve(CAROL, h.request(BOB, "aws-prod-admin", Duration.ofHours(1)));
    h.clock.advance(Duration.ofHours(2));
    AccessService service =
        service(h.store, List.of(slowGcp, h.identityCenter), ServiceSettings.DEFAULTS);

    Future<SweepReport> sweep = background.submit(() -> service.sweep(h.clock.instant()));
    boolean awsEndedWhileGcpHeld =
        eventually(
            () ->
                h.stored(aws1.id()).state() == RequestState.EXPIRED
                    && h.stored(aws2.id()).state() == RequestState.EXPIRED);
    RequestState gcpWhileHeld = h.stored(gcp.id()).state();
    gcpReleased.countDown();
    SweepReport report = sweep.get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(awsEndedWhileGcpHeld).isTrue();
    assertThat(gcpWhileHeld).isEqualTo(RequestState.ACTIVE);
    assertThat(report.expired()).isEqualTo(3);
    assertThat(h.stored(gcp.id()).state()).isEqualTo(RequestState.EXPIRED);
  }

  @Test
  void sweep_worksOnItemsOfOneKindAtOnce_upToTheBound() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoArrived = new CountDownLatch(2);
    HookedProvider gcp =
        new HookedProvider(
            GrantKind.GCP_IAM_BINDING,
            () -> {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              twoArrived.countDown();
              await(twoArrived);
              inFlight.decrementAndGet();
            });
    List<AccessRequest> due =
        List.of(
            h.request(ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30)),
            h.request(BOB, "gcp-sandbox-viewer", Duration.ofMinutes(30)),
            h.request(DAVE, "gcp-sandbox-viewer", Duration.ofMinutes(30)),
            h.approve(CAROL, h.request(ALICE, "gcp-prod-storage-admin", Duration.ofMinutes(30))));
    h.clock.advance(Duration.ofHours(1));
    AccessService service = service(h.store, List.of(gcp), batchOf(100, 2));

    SweepReport report =
        background
            .submit(() -> service.sweep(h.clock.instant()))
            .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(report.expired()).isEqualTo(due.size());
    assertThat(most.get()).isEqualTo(2);
    assertThat(twoArrived.getCount()).isZero();
  }

  @Test
  void sweep_whenTimeRunsShort_stopsTakingItems_andReportsWhatItLeft() {
    HookedProvider slow =
        new HookedProvider(GrantKind.GCP_IAM_BINDING, () -> h.clock.advance(Duration.ofMinutes(1)));
    for (int i = 0; i < 6; i++) {
      h.request(i % 2 == 0 ? ALICE : BOB, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    }
    h.clock.advance(Duration.ofHours(1));
    // 5 minutes with 1 kept back: items are taken at 0, 1, 2 and 3 minutes, not at 4.
    AccessService service = service(h.store, List.of(slow), batchOf(100, 1));

    SweepReport first = service.sweep(h.clock.instant());
    SweepReport rest = service.sweep(h.clock.instant());

    assertThat(first.expired()).isEqualTo(4);
    assertThat(first.left()).isEqualTo(2);
    assertThat(first.logLine()).contains("\"left\":2");
    assertThat(rest.expired()).isEqualTo(2);
    assertThat(rest.left()).isZero();
  }

  @Test
  void sweep_withLittleTimeLeft_stillTakesItemsForHalfOfIt() {
    HookedProvider slow =
        new HookedProvider(GrantKind.GCP_IAM_BINDING, () -> h.clock.advance(Duration.ofSeconds(1)));
    for (int i = 0; i < 5; i++) {
      h.request(ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    }
    h.clock.advance(Duration.ofHours(1));
    AccessService service = service(h.store, List.of(slow), batchOf(100, 1));

    // A 1 min reserve does not fit into 4 s: half of it, 2 s, is worked and half kept back.
    SweepReport report = service.sweep(h.clock.instant(), Duration.ofSeconds(4));

    assertThat(report.expired()).isEqualTo(2);
    assertThat(report.left()).isEqualTo(3);
  }

  @Test
  void sweep_queriesOnlyTheKindsItHandles_andNothingAfterAnExactlyFullPage() {
    CountingStore counting = new CountingStore(h.store);
    h.request(ALICE, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    h.request(BOB, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    h.approve(CAROL, h.request(ALICE, "aws-prod-admin", Duration.ofMinutes(30)));
    h.clock.advance(Duration.ofHours(1));
    AccessService gcpOnly = service(counting, List.of(h.gcp), batchOf(2, 4));

    SweepReport report = gcpOnly.sweep(h.clock.instant());

    assertThat(report.expired()).isEqualTo(2);
    assertThat(counting.dueQueries())
        .extracting(CountingStore.DueQuery::state)
        .containsExactlyInAnyOrder(
            RequestState.PENDING, RequestState.APPROVED, RequestState.ACTIVE);
    assertThat(counting.dueQueries())
        .allSatisfy(q -> assertThat(q.kinds()).isEqualTo(Set.of(GrantKind.GCP_IAM_BINDING)));
  }

  @Test
  void sweep_whenMoreThanAPageIsDue_readsTheNextPage() {
    CountingStore counting = new CountingStore(h.store);
    for (int i = 0; i < 3; i++) {
      h.request(i % 2 == 0 ? ALICE : BOB, "gcp-sandbox-viewer", Duration.ofMinutes(30));
    }
    h.clock.advance(Duration.ofHours(1));
    AccessService gcpOnly = service(counting, List.of(h.gcp), batchOf(2, 4));

    SweepReport report = gcpOnly.sweep(h.clock.instant());

    assertThat(report.expired()).isEqualTo(3);
    assertThat(counting.dueQueries()).filteredOn(q -> q.state() == RequestState.ACTIVE).hasSize(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < until) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
