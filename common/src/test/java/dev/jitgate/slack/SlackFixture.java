package dev.jitgate.slack;

import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.RequestId;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.RecordingAccessProvider;
import dev.jitgate.service.RequestAccess;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.SlackPayloads;
import dev.jitgate.testing.SlackStub;
import dev.jitgate.token.ApprovalTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A jitgate built by the real builder with a policy that has a {@code slack:} section, on an H2
 * store, talking to a {@link SlackStub}; decisions run before the endpoint answers.
 */
final class SlackFixture implements AutoCloseable {
  static final String TOKEN = "xoxb-1111-2222-test";
  static final String SECRET = "test-signing-secret-of-the-app";
  static final String ALICE = "alice@example.com";
  static final String CAROL = "carol@example.com";
  static final String U_ALICE = "U0ALICE001";
  static final String U_CAROL = "U0CAROL001";
  static final String U_NOMAIL = "U0NOMAIL01";
  static final String U_STRANGER = "U0NOBODY01";

  static final String POLICY =
      """
      slack:
        botTokenEnv: SLACK_BOT_TOKEN
        signingSecretEnv: SLACK_SIGNING_SECRET
        channel: C0123456789
      entitlements:
        - id: prod-read
          description: Read the production database
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
          requesters: [user:alice@example.com]
          approvers: [user:carol@example.com, user:alice@example.com]
          approvals: 1
      """;

  final MutableClock clock = MutableClock.at("2026-12-04T10:00:00Z");
  final SlackStub slack = SlackStub.start(TOKEN);
  final JdbcRequestStore store = JdbcStores.h2Memory("slack-" + UUID.randomUUID());
  final RecordingAccessProvider provider = new RecordingAccessProvider(GrantKind.GCP_IAM_BINDING);
  final Jitgate jitgate;

  SlackFixture() {
    slack.addUser(U_ALICE, ALICE);
    slack.addUser(U_CAROL, CAROL);
    slack.addUser(U_NOMAIL, null);
    Map<String, String> env =
        Map.of(
            "SLACK_BOT_TOKEN", TOKEN,
            "SLACK_SIGNING_SECRET", SECRET,
            "JITGATE_SLACK_API_URL", slack.apiUrl());
    jitgate =
        Jitgate.builder(clock)
            .policy(Policy.parse(POLICY, "policy.yaml"))
            .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock))
            .auditKey(ServiceHarness.AUDIT_KEY)
            .baseUrl("https://jitgate.example.com")
            .store(store)
            .providers(List.of(provider))
            .authenticator(request -> Caller.of(ALICE))
            .chatEnvironment(new Environment(env::get))
            .build();
  }

  /** Alice asks for prod-read; the new request is posted to the channel. */
  AccessRequest aliceRequests() {
    return jitgate
        .service()
        .request(
            Caller.of(ALICE),
            new RequestAccess(
                new EntitlementId("prod-read"),
                Optional.empty(),
                "INC-7: [Approve](https://evil)"));
  }

  AccessRequest read(RequestId id) {
    return store.get(id).orElseThrow();
  }

  /** The ts of the channel message, as the stub answered chat.postMessage. */
  String messageTs() {
    return SlackThread.of(read(requestOf(slack.calls("chat.postMessage").get(0))))
        .orElseThrow()
        .ts();
  }

  private static RequestId requestOf(SlackStub.Call post) {
    String blocks = post.form().get("blocks");
    int at = blocks.indexOf("\"value\":\"") + "\"value\":\"".length();
    return new RequestId(blocks.substring(at, blocks.indexOf('"', at)));
  }

  /** Posts {@code payloadJson} to the endpoint, signed now with the app's secret. */
  HttpResponse interact(String payloadJson) {
    long now = clock.instant().getEpochSecond();
    String body = SlackPayloads.form(payloadJson);
    return post(body, Long.toString(now), SlackPayloads.sign(SECRET, now, body));
  }

  HttpResponse post(String body, String timestamp, String signature) {
    return jitgate
        .router()
        .handle(
            new HttpRequest(
                "POST",
                SlackWiring.INTERACTIONS_PATH,
                Map.of(),
                Map.of(
                    "Content-Type", "application/x-www-form-urlencoded",
                    "X-Slack-Request-Timestamp", timestamp,
                    "X-Slack-Signature", signature),
                body.getBytes(StandardCharsets.UTF_8)));
  }

  Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    slack.close();
    store.close();
  }
}
