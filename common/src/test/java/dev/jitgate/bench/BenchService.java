package dev.jitgate.bench;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.service.ServiceSettings;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service as a benchmark drives it: the test policy, providers that answer at once (so the
 * figures are the store's and the domain's, not a cloud's), no notifiers, and an audit sink that
 * drops events (a deployment prints each as a JSON line).
 */
public final class BenchService {
  private BenchService() {}

  /** A provider that grants and revokes at once, and counts its calls. */
  public static final class InstantProvider implements AccessProvider {
    private final GrantKind kind;
    public final AtomicInteger grants = new AtomicInteger();
    public final AtomicInteger revokes = new AtomicInteger();

    public InstantProvider(GrantKind kind) {
      this.kind = kind;
    }

    @Override
    public GrantKind kind() {
      return kind;
    }

    @Override
    public Map<String, String> grant(Grant grant) {
      grants.incrementAndGet();
      return Map.of("artifact", grant.key().value());
    }

    @Override
    public void revoke(Grant grant) {
      revokes.incrementAndGet();
    }
  }

  public static AccessService over(
      RequestStore store, List<AccessProvider> providers, Clock clock, ServiceSettings settings) {
    Policy policy = Policy.parse(ServiceHarness.POLICY, "bench.yaml");
    ApprovalTokens tokens =
        new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock);
    return new AccessService(
        store,
        () -> policy,
        providers,
        List.of(),
        (id, events) -> {},
        new AuditKey(new byte[32]),
        tokens,
        clock,
        settings);
  }
}
