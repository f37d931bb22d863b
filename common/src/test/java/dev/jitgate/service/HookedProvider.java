package dev.jitgate.service;

import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.port.AccessProvider;
import java.util.Map;

/**
 * A provider of one kind that runs a hook at the start of every grant and revoke, the way a slow or
 * busy cloud holds a call, and then succeeds; for the sweep's concurrency tests.
 */
final class HookedProvider implements AccessProvider {
  private final RecordingAccessProvider cloud;
  private final Runnable hook;

  HookedProvider(GrantKind kind, Runnable hook) {
    this.cloud = new RecordingAccessProvider(kind);
    this.hook = hook;
  }

  @Override
  public GrantKind kind() {
    return cloud.kind();
  }

  @Override
  public Map<String, String> grant(Grant grant) {
    hook.run();
    return cloud.grant(grant);
  }

  @Override
  public void revoke(Grant grant) {
    hook.run();
    cloud.revoke(grant);
  }

  RecordingAccessProvider cloud() {
    return cloud;
  }
}
