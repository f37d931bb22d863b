package dev.jitgate.service;

import dev.jitgate.domain.Cloud;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKey;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.SessionCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link AccessProvider} for tests: it records every call, keeps the artifacts a cloud would
 * hold (one per grant key, like the real shared-artifact kinds), and can be told to fail. For
 * credential kinds it also issues recognisably fake credentials that end with the window.
 */
public final class RecordingAccessProvider implements AccessProvider, CredentialIssuer {

  /** Which operation a call was. */
  public enum Op {
    GRANT,
    REVOKE,
    EXTEND
  }

  /** One call as the provider received it. */
  public record Call(Op op, Grant grant) {}

  /** Where the process dies next, around a cloud call. */
  public enum Death {
    /** The grant call is received, and the cloud grants nothing. */
    BEFORE_GRANT,
    /** The cloud has granted; the process dies before it hears back. */
    AFTER_GRANT,
    /** The cloud has revoked; the process dies before it hears back. */
    AFTER_REVOKE
  }

  /**
   * The process dying at a cloud call: an Error, so that nothing meant for cloud failures catches
   * it, and whatever the service would have written next is never written.
   */
  public static final class ProcessDeath extends Error {
    private static final long serialVersionUID = 1L;

    ProcessDeath(Death where) {
      super("the process died: " + where);
    }
  }

  private final GrantKind kind;
  private final List<Call> calls = new ArrayList<>();
  private final Map<GrantKey, Grant> artifacts = new ConcurrentHashMap<>();
  private final AtomicInteger grantFailures = new AtomicInteger();
  private final AtomicInteger revokeFailures = new AtomicInteger();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicBoolean alwaysFail = new AtomicBoolean();
  private volatile Runnable duringRevoke = () -> {};
  private volatile Runnable duringGrant = () -> {};
  private volatile Runnable duringExtend = () -> {};
  private final AtomicInteger extendFailures = new AtomicInteger();
  private final AtomicReference<Death> death = new AtomicReference<>();

  public RecordingAccessProvider(GrantKind kind) {
    this.kind = kind;
  }

  /** The next {@code n} grants throw. */
  public RecordingAccessProvider failNextGrants(int n) {
    grantFailures.set(n);
    return this;
  }

  /** The next {@code n} revokes throw. */
  public RecordingAccessProvider failNextRevokes(int n) {
    revokeFailures.set(n);
    return this;
  }

  /**
   * Runs {@code action} inside the next revokes, after the call is received and before the artifact
   * is removed, the way a slow cloud call lets other work happen meanwhile.
   */
  public RecordingAccessProvider duringRevoke(Runnable action) {
    duringRevoke = action;
    return this;
  }

  /**
   * Runs {@code action} inside the next grant, after the call is received and before the artifact
   * exists, the way a slow cloud call lets other writers act meanwhile.
   */
  public RecordingAccessProvider duringGrant(Runnable action) {
    duringGrant = action;
    return this;
  }

  /** Runs {@code action} inside the next extend, before the cloud moves the expiry. */
  public RecordingAccessProvider duringExtend(Runnable action) {
    duringExtend = action;
    return this;
  }

  /** The next {@code n} extends throw. */
  public RecordingAccessProvider failNextExtends(int n) {
    extendFailures.set(n);
    return this;
  }

  /** The grant the cloud holds for {@code key}, with the window its expiry follows. */
  public Grant held(GrantKey key) {
    return artifacts.get(key);
  }

  /** The next call that reaches {@code where} kills the process there, once. */
  public RecordingAccessProvider dieAt(Death where) {
    death.set(where);
    return this;
  }

  /** Every call throws until told otherwise. */
  public RecordingAccessProvider failAlways(boolean fail) {
    alwaysFail.set(fail);
    return this;
  }

  @Override
  public GrantKind kind() {
    return kind;
  }

  @Override
  public Map<String, String> grant(Grant grant) {
    record(Op.GRANT, grant);
    Runnable action = duringGrant;
    duringGrant = () -> {};
    action.run();
    dieIfAt(Death.BEFORE_GRANT);
    if (alwaysFail.get() || grantFailures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
      throw new ProviderException("simulated grant failure: the cloud is throttling");
    }
    artifacts.put(grant.key(), grant);
    dieIfAt(Death.AFTER_GRANT);
    return Map.of("artifact", grant.key().value());
  }

  @Override
  public void revoke(Grant grant) {
    record(Op.REVOKE, grant);
    Runnable action = duringRevoke;
    duringRevoke = () -> {};
    action.run();
    if (alwaysFail.get() || revokeFailures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
      throw new ProviderException("simulated revoke failure: the cloud is unavailable");
    }
    artifacts.remove(grant.key());
    dieIfAt(Death.AFTER_REVOKE);
  }

  /** Moves the expiry of an artifact that exists, atomically, like an etag-checked rewrite. */
  @Override
  public Map<String, String> extend(Grant grant) {
    record(Op.EXTEND, grant);
    Runnable action = duringExtend;
    duringExtend = () -> {};
    action.run();
    if (alwaysFail.get() || extendFailures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
      throw new ProviderException("simulated extend failure: the cloud is unavailable");
    }
    Grant moved = artifacts.computeIfPresent(grant.key(), (k, old) -> grant);
    return moved == null
        ? Map.of("artifact", "missing")
        : Map.of("newEnd", grant.window().end().toString());
  }

  public List<Grant> extensionCalls() {
    return calls().stream().filter(c -> c.op() == Op.EXTEND).map(Call::grant).toList();
  }

  private void dieIfAt(Death here) {
    if (death.compareAndSet(here, null)) {
      throw new ProcessDeath(here);
    }
  }

  @Override
  public SessionCredentials issue(Grant grant, Instant now) {
    if (!holds(grant.key())) {
      throw new ProviderException("no active grant for request " + grant.requestId());
    }
    Instant oneHour = now.plusSeconds(3600);
    Instant end = grant.window().end().isBefore(oneHour) ? grant.window().end() : oneHour;
    issued.incrementAndGet();
    if (kind.cloud() == Cloud.GCP) {
      return new SessionCredentials.BearerToken("ya29.test-only-" + grant.requestId(), end);
    }
    return new SessionCredentials.AwsKeys(
        "ASIATESTONLY" + grant.requestId().value().substring(0, 8).toUpperCase(Locale.ROOT),
        "test-secret-" + grant.requestId(),
        "test-session-" + grant.requestId(),
        end);
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Grant> grants() {
    return calls().stream().filter(c -> c.op() == Op.GRANT).map(Call::grant).toList();
  }

  public List<Grant> revokes() {
    return calls().stream().filter(c -> c.op() == Op.REVOKE).map(Call::grant).toList();
  }

  /** True while the cloud would hold the artifact for {@code key}. */
  public boolean holds(GrantKey key) {
    return artifacts.containsKey(key);
  }

  /** How many credentials this provider has issued. */
  public int issuedCount() {
    return issued.get();
  }

  public int artifactCount() {
    return artifacts.size();
  }

  private synchronized void record(Op op, Grant grant) {
    calls.add(new Call(op, grant));
  }
}
