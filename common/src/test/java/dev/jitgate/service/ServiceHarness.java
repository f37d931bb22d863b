package dev.jitgate.service;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.AuditSink;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.policy.Policy;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.RecordingNotifier;
import dev.jitgate.token.ApprovalTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service wired to real collaborators: the JDBC store on in-memory H2, a parsed policy that
 * tests may replace, recording providers for four grant kinds, and a recording notifier.
 */
public final class ServiceHarness implements AutoCloseable {
  public static final String POLICY =
      """
      groups:
        sre: [alice@example.com, bob@example.com, dave@example.com]
        sre-leads: [carol@example.com, dave@example.com, erin@example.com]
        auditors: [frank@example.com]
      entitlements:
        - id: gcp-prod-storage-admin
          description: Storage admin on production
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/storage.admin}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT4H}
          justification: {required: true, pattern: "^(INC|CHG)-[0-9]+"}
        - id: gcp-prod-two-person
          description: Owner on production, two approvers
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/owner}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 2
          duration: {default: PT1H, min: PT5M, max: PT4H}
          scheduleAhead: P7D
        - id: aws-prod-admin
          description: AdministratorAccess on the production account
          grant:
            kind: aws.identity-center
            instanceArn: arn:aws:sso:::instance/ssoins-1234567890abcdef
            identityStoreId: d-1234567890
            permissionSetArn: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-abcdef1234567890
            accountId: "123456789012"
          requesters: [group:sre, idp-group:platform-sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT8H}
        - id: aws-deploy-credentials
          description: Deploy role credentials for the pipeline account
          grant: {kind: aws.role-credentials, roleArn: "arn:aws:iam::123456789012:role/deploy"}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT1H, min: PT15M, max: PT2H}
        - id: gcp-deploy-token
          description: A deployer token for one upload
          grant:
            kind: gcp.service-account-token
            serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
            scopes: [https://www.googleapis.com/auth/devstorage.read_write]
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 1
          duration: {default: PT2H, min: PT5M, max: PT4H}
        - id: gcp-sandbox-viewer
          description: Viewer on the sandbox, no approval needed
          grant: {kind: gcp.iam-binding, resource: projects/acme-sandbox, role: roles/viewer}
          requesters: [group:sre]
          approvers: [group:sre-leads]
          approvals: 0
      """;

  public static final Caller ALICE = Caller.of("alice@example.com");
  public static final Caller BOB = Caller.of("bob@example.com");
  public static final Caller CAROL = Caller.of("carol@example.com");
  public static final Caller DAVE = Caller.of("dave@example.com");
  public static final Caller ERIN = Caller.of("erin@example.com");
  public static final Caller MALLORY = Caller.of("mallory@example.com");

  /** The audit key of every service the tests build. */
  public static final AuditKey AUDIT_KEY = new AuditKey(new byte[32]);

  public final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
  public final JdbcRequestStore store = JdbcStores.h2Memory("service-" + UUID.randomUUID());
  public final AtomicReference<Policy> policy =
      new AtomicReference<>(Policy.parse(POLICY, "test.yaml"));
  public final RecordingAccessProvider gcp = new RecordingAccessProvider(GrantKind.GCP_IAM_BINDING);
  public final RecordingAccessProvider identityCenter =
      new RecordingAccessProvider(GrantKind.AWS_IDENTITY_CENTER);
  public final RecordingAccessProvider roleCredentials =
      new RecordingAccessProvider(GrantKind.AWS_ROLE_CREDENTIALS);
  public final RecordingAccessProvider gcpToken =
      new RecordingAccessProvider(GrantKind.GCP_SERVICE_ACCOUNT_TOKEN);
  public final RecordingAccessProvider azurePim = new RecordingAccessProvider(GrantKind.AZURE_PIM);
  public final RecordingNotifier notifier = new RecordingNotifier();
  public final List<AuditEvent> published = new ArrayList<>();
  public final ApprovalTokens tokens =
      new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock);
  public final AccessService service = restarted();

  /**
   * A fresh service over the same store, cloud, notifier and clock: the process after a restart.
   */
  public AccessService restarted() {
    return new AccessService(
        store,
        policy::get,
        List.of(gcp, identityCenter, roleCredentials, gcpToken, azurePim),
        List.of(notifier),
        recordingSink(),
        AUDIT_KEY,
        tokens,
        clock,
        ServiceSettings.DEFAULTS);
  }

  private AuditSink recordingSink() {
    return (requestId, events) -> {
      synchronized (published) {
        published.addAll(events);
      }
    };
  }

  public AccessRequest request(Caller who, String entitlement, String justification) {
    return service.request(
        who, new RequestAccess(new EntitlementId(entitlement), Optional.empty(), justification));
  }

  public AccessRequest request(Caller who, String entitlement, Duration duration) {
    return service.request(
        who,
        new RequestAccess(new EntitlementId(entitlement), Optional.of(duration), "CHG-7: deploy"));
  }

  public AccessRequest approve(Caller who, AccessRequest request) {
    return service.decide(who, Decide.approve(request.id(), "looks right"));
  }

  public AccessRequest stored(RequestId id) {
    return store.get(id).orElseThrow();
  }

  /** Replaces the policy, as a redeploy with a new policy file would. */
  public void usePolicy(String yaml) {
    policy.set(Policy.parse(yaml, "changed.yaml"));
  }

  @Override
  public void close() {
    store.close();
  }
}
