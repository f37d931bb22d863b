package dev.jitgate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.policy.Policy;
import dev.jitgate.port.Notification;
import dev.jitgate.port.Notification.Kind;
import dev.jitgate.store.TestRequests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks posted to a real HTTP server on loopback, each format checked on the wire. */
class WebhookNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-02T09:02:00Z");
  private static final String SECRET = "whsec_audit-sink-secret";
  private static final Map<String, String> ENV = Map.of("AUDIT_SINK_SECRET", SECRET);

  private WebhookReceiver receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void json_postsTheRequestSignedWithTheSecretFromTheEnvironment() {
    Policy policy = policy(receiver.url(), "webhook:audit-sink");
    AccessRequest active = TestRequests.request().id("req-0000000001").active();

    notifier(policy, ENV).send(notification(policy, Kind.ACTIVE, active));

    WebhookReceiver.Received post = single();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/hooks/audit");
    assertThat(post.body())
        .isEqualTo(
            "{\"event\":\"active\",\"request\":{\"id\":\"req-0000000001\","
                + "\"entitlement\":\"prod-read\",\"cloud\":\"gcp\","
                + "\"requester\":\"alice@example.com\",\"state\":\"ACTIVE\","
                + "\"justification\":\"INC-4711: checking the failed payment batch\","
                + "\"duration\":\"PT2H\",\"createdAt\":\"2026-03-02T09:00:00Z\","
                + "\"approvalDeadline\":\"2026-03-03T09:00:00Z\",\"approvalsRequired\":1,"
                + "\"approvals\":[{\"approver\":\"approver1@example.com\","
                + "\"at\":\"2026-03-02T09:01:00Z\",\"comment\":\"ok for INC-4711\"}],"
                + "\"activatedAt\":\"2026-03-02T09:02:00Z\","
                + "\"expiresAt\":\"2026-03-02T11:01:00Z\",\"version\":3}}");
    assertThat(post.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(post.header("X-Jitgate-Event")).isEqualTo("active");
    String signature = post.header("X-Jitgate-Signature");
    assertThat(signature).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
    assertThat(WebhookSignature.verify(signature, SECRET, post.body(), NOW, Duration.ofMinutes(5)))
        .isTrue();
    assertThat(WebhookSignature.verify(signature, "other", post.body(), NOW, Duration.ofMinutes(5)))
        .isFalse();
  }

  @Test
  void slack_postsMrkdwnBlocksWithSlackEscaping_andNoSignature() throws IOException {
    Policy policy = policy(receiver.url(), "webhook:sre-chat");
    AccessRequest pending =
        TestRequests.request()
            .justification("INC-7 <!channel> & <https://evil.example|click here>")
            .pending();

    notifier(policy, ENV).send(notification(policy, Kind.NEW_REQUEST, pending));

    WebhookReceiver.Received post = single();
    assertThat(post.path()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(post.header("X-Jitgate-Signature")).isNull();
    JsonNode body = JSON.readTree(post.body());
    assertThat(body.get("text").asText()).startsWith("jitgate: New request: alice@example.com");
    JsonNode blocks = body.get("blocks");
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("section");
    assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(0).get("text").get("text").asText())
        .isEqualTo(
            "*jitgate* | New request: alice@example.com asks for Read-only access to the"
                + " production database on projects/jitgate-prod-42 for 2 hours. Approvers decide"
                + " from the links mailed to them.");
    JsonNode summary = blocks.get(1).get("text");
    assertThat(summary.get("verbatim").asBoolean()).isTrue();
    assertThat(summary.get("text").asText().lines())
        .contains(
            "*Role:* roles/cloudsql.viewer",
            "*On:* projects/jitgate-prod-42",
            "*Justification:* INC-7 &lt;!channel&gt; &amp;"
                + " &lt;https:\u200B//evil.example|click here&gt;");
    assertThat(blocks.get(2).get("fields").get(0).get("text").asText())
        .isEqualTo("*Request*\n`" + pending.id() + "`");
    assertThat(post.body()).doesNotContain("<!channel>").doesNotContain("<https://");
  }

  @Test
  void teams_postsAnAdaptiveCardWithTheOutcome() throws IOException {
    Policy policy = policy(receiver.url(), "webhook:teams-room");

    notifier(policy, ENV).send(notification(policy, Kind.DENIED, TestRequests.request().denied()));

    JsonNode body = JSON.readTree(single().body());
    assertThat(body.get("type").asText()).isEqualTo("message");
    JsonNode attachment = body.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("body").get(0).get("text").asText())
        .isEqualTo(
            "jitgate: Denied: alice@example.com's request for Read-only access to"
                + " the production database on projects/jitgate-prod-42.");
    JsonNode facts = card.get("body").get(1);
    assertThat(facts.get("type").asText()).isEqualTo("FactSet");
    assertThat(facts.get("facts").findValuesAsText("value"))
        .contains(
            "approver1@example.com",
            "not during the change freeze",
            "roles/cloudsql.viewer",
            "projects/jitgate-prod-42");
  }

  @Test
  void newRequest_noWebhookFormatCarriesATokenOrAnApprovalLink() {
    Policy policy =
        policy(receiver.url(), "webhook:audit-sink, webhook:sre-chat, webhook:teams-room");
    AccessRequest pending = TestRequests.request().pending();
    Notification n =
        NotifyFixtures.newRequest(
            pending, policy.entitlement(new EntitlementId("prod-read")).get());

    // As the builder wires it: with the base URL, for the Teams card's button.
    new WebhookNotifier(
            () -> policy, ENV::get, clock(), Duration.ofSeconds(5), Optional.of(receiver.url()))
        .send(n);

    assertThat(receiver.received()).hasSize(3);
    for (WebhookReceiver.Received post : receiver.received()) {
      String all = post.body() + post.headers();
      assertThat(all).doesNotContain("/approvals/").contains(pending.id().value());
      n.invites().forEach(invite -> assertThat(all).doesNotContain(invite.token()));
    }
  }

  @Test
  void non2xx_throwsNamingTheWebhookAndStatus_butNotItsUrl_afterTryingTheOthers() {
    Policy policy = policy(receiver.url(), "webhook:sre-chat, webhook:teams-room");
    receiver.answer("/services/T000/B000/XXXX", 404, "no_service");
    Notification n = notification(policy, Kind.EXPIRED, TestRequests.request().expired());

    assertThatThrownBy(() -> notifier(policy, ENV).send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith("webhook sre-chat answered HTTP 404: no_service")
        .hasMessageContaining("request " + n.request().id())
        .hasMessageNotContaining("T000")
        .hasMessageNotContaining("teams-room");
    assertThat(receiver.received())
        .extracting(WebhookReceiver.Received::path)
        .containsExactly("/services/T000/B000/XXXX", "/teams");
  }

  @Test
  void json_whenTheSecretVariableIsUnset_throwsNamingTheVariable_andPostsNothing() {
    Policy policy = policy(receiver.url(), "webhook:audit-sink");
    Notification n = notification(policy, Kind.ACTIVE, TestRequests.request().active());

    assertThatThrownBy(() -> notifier(policy, Map.of("OTHER_SECRET", SECRET)).send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("webhook audit-sink")
        .hasMessageContaining("environment variable AUDIT_SINK_SECRET")
        .hasMessageContaining("not set")
        .hasMessageNotContaining(SECRET);
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void send_whenTheReceiverIsDownOrTheWebhookWasRemoved_throwsNamingEach() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Policy old = policy("http://127.0.0.1:" + closedPort, "webhook:sre-chat, webhook:teams-room");
    Policy reloaded = Policy.parse(POLICY.formatted("", "[]"), "reloaded.yaml");
    Notification n = notification(old, Kind.FAILED, TestRequests.request().failed());

    assertThatThrownBy(() -> notifier(old, ENV).send(n))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("webhook sre-chat could not be reached: ConnectException")
        .hasMessageContaining("webhook teams-room could not be reached")
        .hasMessageNotContaining("/services/T000");
    assertThatThrownBy(() -> notifier(reloaded, ENV).send(n))
        .hasMessageContaining("webhook sre-chat: named by prod-read but not defined in the policy");
  }

  @Test
  void entitlementWithoutWebhooks_postsNothing() {
    Policy policy = policy(receiver.url(), "ops@example.com");

    notifier(policy, ENV).send(notification(policy, Kind.ACTIVE, TestRequests.request().active()));

    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void teams_escapesMarkdownInUserText_andOffersAButtonToTheRequest() throws IOException {
    Policy policy = policy(receiver.url(), "webhook:teams-room");
    AccessRequest pending =
        TestRequests.request()
            .justification("INC-7 [Approve](https://evil.example) **now**")
            .pending();
    WebhookNotifier notifier =
        new WebhookNotifier(
            () -> policy,
            ENV::get,
            clock(),
            Duration.ofSeconds(5),
            Optional.of("https://jitgate.example.com"));

    notifier.send(notification(policy, Kind.NEW_REQUEST, pending));

    JsonNode card = JSON.readTree(single().body()).at("/attachments/0/content");
    assertThat(card.get("body").get(1).get("facts").findValuesAsText("value"))
        .contains("INC-7 \\[Approve\\]\\(https:\u200B//evil.example\\) \\*\\*now\\*\\*")
        .noneMatch(v -> v.contains("[Approve](") || v.contains("**now**"));
    JsonNode open = card.get("actions").get(0);
    assertThat(open.get("type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(open.get("title").asText()).isEqualTo("Open in jitgate");
    assertThat(open.get("url").asText())
        .isEqualTo("https://jitgate.example.com/console/requests/" + pending.id().value());
    assertThat(single().body()).doesNotContain("/approvals/");
  }

  @Test
  void timeoutOverTenSeconds_isRefused() {
    Policy policy = policy(receiver.url(), "webhook:sre-chat");

    assertThatThrownBy(
            () -> new WebhookNotifier(() -> policy, ENV::get, clock(), Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most PT10S");
  }

  private WebhookReceiver.Received single() {
    assertThat(receiver.received()).hasSize(1);
    return receiver.received().get(0);
  }

  private static WebhookNotifier notifier(Policy policy, Map<String, String> env) {
    return new WebhookNotifier(() -> policy, env::get, clock(), Duration.ofSeconds(5));
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  private static Notification notification(Policy policy, Kind kind, AccessRequest request) {
    return new Notification(
        kind, request, policy.entitlement(new EntitlementId("prod-read")), List.of());
  }

  /** The policy with its three webhooks at {@code base} and {@code prod-read} notifying these. */
  private static Policy policy(String base, String notify) {
    return Policy.parse(POLICY.formatted(webhooks(base), "[" + notify + "]"), "test.yaml");
  }

  private static String webhooks(String base) {
    return """
        webhooks:
          audit-sink:
            url: %1$s/hooks/audit
            format: json
            secretEnv: AUDIT_SINK_SECRET
          sre-chat:
            url: %1$s/services/T000/B000/XXXX
            format: slack
          teams-room:
            url: %1$s/teams
            format: teams
        """
        .formatted(base);
  }

  private static final String POLICY =
      """
      %s
      entitlements:
        - id: prod-read
          description: Read-only access to the production database
          grant:
            kind: gcp.iam-binding
            resource: projects/jitgate-prod-42
            role: roles/cloudsql.viewer
          requesters: [group:engineering]
          approvers: [user:approver1@example.com, user:approver2@example.com]
          approvals: 1
          notify: %s
      """;
}
