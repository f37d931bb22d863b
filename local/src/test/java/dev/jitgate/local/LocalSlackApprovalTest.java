package dev.jitgate.local;

import static dev.jitgate.local.RunningSystem.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.config.Environment;
import dev.jitgate.testing.MutableClock;
import dev.jitgate.testing.SlackPayloads;
import dev.jitgate.testing.SlackStub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Slack flow on the local runner, over HTTP, against a loopback stub of Slack's Web API:
 * a request is posted to the channel, a signed Approve click decides it, the message is updated in
 * place, and the request is ACTIVE. The runner also sends the policy's webhooks.
 */
class LocalSlackApprovalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "xoxb-9999-local-test";
  private static final String SECRET = "local-test-signing-secret";
  private static final String ALICE = "alice@example.com";
  private static final String U_CAROL = "U0CAROL001";

  @TempDir Path data;
  private final MutableClock clock =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final SlackStub slack = SlackStub.start(TOKEN);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private LocalRunner runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.close();
    }
    slack.close();
  }

  private void start(String webhookUrl) throws IOException {
    Path policy = data.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        webhooks:
          sre-chat: {url: %s, format: teams}
        slack:
          botTokenEnv: JITGATE_TEST_SLACK_TOKEN
          signingSecretEnv: JITGATE_TEST_SLACK_SECRET
          channel: C0123456789
        entitlements:
          - id: prod-read
            grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
            requesters: [user:alice@example.com]
            approvers: [user:carol@example.com]
            notify: [webhook:sre-chat]
        """
            .formatted(webhookUrl));
    Map<String, String> env =
        Map.of(
            "JITGATE_TEST_SLACK_TOKEN", TOKEN,
            "JITGATE_TEST_SLACK_SECRET", SECRET,
            "JITGATE_SLACK_API_URL", slack.apiUrl());
    LocalSettings settings =
        new LocalSettings(
            Optional.of(policy), 0, data.resolve("run"), Optional.empty(), Duration.ofHours(1));
    runner =
        LocalRunner.start(
            settings,
            settings.loadPolicy().policy(),
            clock,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new Environment(env::get));
  }

  @Test
  void request_postedToSlack_approvedBySignedClick_messageUpdated_active() throws Exception {
    slack.addUser(U_CAROL, "carol@example.com");
    start(slack.apiUrl() + "webhook-not-used");

    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/requests"))
                .header("X-Jitgate-User", ALICE)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"entitlement\":\"prod-read\",\"justification\":\"INC-9: hotfix\"}"))
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).get("id").asText();

    SlackStub.Call posted = slack.calls("chat.postMessage").get(0);
    assertThat(posted.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(posted.form()).containsEntry("channel", SlackPayloads.CHANNEL);
    assertThat(posted.form().get("blocks")).contains("jitgate_approve", id);
    String ts = "1700000000.000101";

    long now = clock.instant().getEpochSecond();
    String body =
        SlackPayloads.form(
            SlackPayloads.click(U_CAROL, "jitgate_approve", id, SlackPayloads.CHANNEL, ts));
    HttpResponse<String> clicked =
        send(
            HttpRequest.newBuilder(URI.create(base() + "/integrations/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", SlackPayloads.sign(SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertThat(clicked.statusCode()).isEqualTo(200);
    assertThat(clicked.body()).isEmpty();

    // The runner answers Slack at once and decides on its own thread.
    SlackStub.Call update =
        eventually(
            () ->
                slack.calls("chat.update").stream()
                    .filter(c -> c.form().get("blocks").contains("*ACTIVE* until"))
                    .filter(c -> !c.form().get("blocks").contains("jitgate_approve"))
                    .reduce((a, b) -> b));
    assertThat(update.form())
        .containsEntry("channel", SlackPayloads.CHANNEL)
        .containsEntry("ts", ts);
    JsonNode request =
        json(
            send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/requests/" + id))
                    .header("X-Jitgate-User", ALICE)
                    .GET()
                    .build()));
    assertThat(request.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(request.get("approvals").get(0).get("approver").asText())
        .isEqualTo("carol@example.com");
    assertThat(slack.calls("users.info"))
        .extracting(c -> c.form().get("user"))
        .containsExactly(U_CAROL);
    // Approved and active, each a reply in the message's thread (the last may land after the
    // update above).
    List<String> threaded =
        eventually(
            () -> {
              List<String> replies =
                  slack.calls("chat.postMessage").stream()
                      .map(c -> c.form().get("thread_ts"))
                      .filter(t -> t != null)
                      .toList();
              return replies.size() >= 2 ? Optional.of(replies) : Optional.empty();
            });
    assertThat(threaded).containsExactly(ts, ts);
  }

  @Test
  void request_sendsThePolicysWebhook_fromTheLocalRunner() throws Exception {
    start(slack.apiUrl() + "teams-hook");

    send(
        HttpRequest.newBuilder(URI.create(base() + "/api/v1/requests"))
            .header("X-Jitgate-User", ALICE)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"entitlement\":\"prod-read\"}"))
            .build());

    SlackStub.Call hook = slack.calls("teams-hook").get(0);
    JsonNode card = JSON.readTree(hook.body()).at("/attachments/0/content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.at("/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(card.at("/actions/0/url").asText()).startsWith(base() + "/console/requests/");
  }

  private String base() {
    return "http://127.0.0.1:" + runner.port();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T eventually(Supplier<Optional<T>> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not seen within 10 seconds");
  }
}
