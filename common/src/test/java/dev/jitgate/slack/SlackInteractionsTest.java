package dev.jitgate.slack;

import static dev.jitgate.slack.SlackFixture.CAROL;
import static dev.jitgate.slack.SlackFixture.SECRET;
import static dev.jitgate.slack.SlackFixture.TOKEN;
import static dev.jitgate.slack.SlackFixture.U_ALICE;
import static dev.jitgate.slack.SlackFixture.U_CAROL;
import static dev.jitgate.slack.SlackFixture.U_NOMAIL;
import static dev.jitgate.slack.SlackFixture.U_STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestState;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.testing.SlackPayloads;
import dev.jitgate.testing.SlackStub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed interaction payloads, shaped as Slack sends them, against the real service on H2 and a
 * loopback stub of Slack's Web API whose wire requests are asserted.
 */
class SlackInteractionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackFixture f = new SlackFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void newRequest_isPostedToTheChannel_withApproveAndDenyButtons_andItsPlaceIsKept()
      throws Exception {
    AccessRequest request = f.aliceRequests();

    SlackStub.Call post = f.slack.calls("chat.postMessage").get(0);
    assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(post.contentType()).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = post.form();
    assertThat(form).containsEntry("channel", SlackPayloads.CHANNEL);
    assertThat(form).containsEntry("unfurl_links", "0").containsEntry("unfurl_media", "0");
    assertThat(form.get("text"))
        .isEqualTo("jitgate: alice@example.com asks for prod-read (PENDING)");
    JsonNode blocks = JSON.readTree(form.get("blocks"));
    assertThat(blocks.get(0).at("/text/text").asText())
        .startsWith(
            "*alice@example.com asks for Read the production database on projects/acme-prod"
                + " for 1 hour*\n*Role:* roles/viewer\n*On:* projects/acme-prod")
        .contains("*Justification:* INC-7: [Approve](https:\u200B//evil)")
        .contains("*History:*\n• Not granted prod-read in the last 30 days")
        .contains("*Request:* `" + request.id().value() + "`");
    JsonNode buttons = blocks.get(2).get("elements");
    assertThat(buttons).hasSize(2);
    assertThat(buttons.get(0).get("action_id").asText()).isEqualTo("jitgate_approve");
    assertThat(buttons.get(0).get("value").asText()).isEqualTo(request.id().value());
    assertThat(buttons.get(1).get("action_id").asText()).isEqualTo("jitgate_deny");
    assertThat(buttons.get(1).get("style").asText()).isEqualTo("danger");
    // Where the message landed is in the request's own audit trail.
    assertThat(f.read(request.id()).events())
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(AuditType.NOTIFIED);
              assertThat(e.details())
                  .containsEntry("channel", "slack")
                  .containsEntry("slackChannel", SlackPayloads.CHANNEL)
                  .containsEntry("slackTs", f.messageTs());
            });
  }

  @Test
  void approveClick_decidesAsTheClicker_activates_andUpdatesTheMessageInPlace() throws Exception {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.slack.clear();

    HttpResponse answer = f.interact(click(U_CAROL, "jitgate_approve", request, ts));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
    AccessRequest after = f.read(request.id());
    assertThat(after.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(after.approvals()).extracting(a -> a.approver().email()).containsExactly(CAROL);
    SlackStub.Call lookup = f.slack.calls("users.info").get(0);
    assertThat(lookup.form()).containsEntry("user", U_CAROL);
    assertThat(lookup.authorization()).isEqualTo("Bearer " + TOKEN);
    // The click's own update is the last: the state, who decided, and no buttons.
    Map<String, String> update = last(f.slack.calls("chat.update")).form();
    assertThat(update).containsEntry("channel", SlackPayloads.CHANNEL).containsEntry("ts", ts);
    JsonNode blocks = JSON.readTree(update.get("blocks"));
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(1).at("/elements/0/text").asText())
        .startsWith("*ACTIVE* until ")
        .endsWith("approved by carol@example.com");
    assertThat(blocks.toString()).doesNotContain("jitgate_approve");
    // The approved and active events are threaded under the first message.
    assertThat(f.slack.calls("chat.postMessage"))
        .extracting(c -> c.form().get("thread_ts"))
        .containsExactly(ts, ts);
    assertThat(f.slack.calls("chat.postMessage"))
        .extracting(c -> c.form().get("text"))
        .anySatisfy(t -> assertThat(t).startsWith("Approved by carol@example.com."))
        .anySatisfy(t -> assertThat(t).startsWith("alice@example.com has prod-read until "));
    assertThat(f.slack.calls("chat.postEphemeral")).isEmpty();
  }

  @Test
  void denyClick_opensTheReasonModal_andItsSubmissionDeniesWithTheReason() throws Exception {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.slack.clear();

    assertThat(f.interact(click(U_CAROL, "jitgate_deny", request, ts)).status()).isEqualTo(200);

    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.PENDING);
    SlackStub.Call open = f.slack.calls("views.open").get(0);
    assertThat(open.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(open.form()).containsEntry("trigger_id", "1234567890.987654321.abcdef");
    JsonNode view = JSON.readTree(open.form().get("view"));
    assertThat(view.get("type").asText()).isEqualTo("modal");
    assertThat(view.get("callback_id").asText()).isEqualTo("jitgate_deny_reason");
    assertThat(view.at("/blocks/1/element/action_id").asText()).isEqualTo("reason");
    String metadata = view.get("private_metadata").asText();

    f.clock.advance(Duration.ofSeconds(20));
    HttpResponse submitted =
        f.interact(SlackPayloads.denySubmission(U_CAROL, metadata, "not during the freeze"));

    assertThat(submitted.status()).isEqualTo(200);
    assertThat(submitted.body()).isEmpty();
    AccessRequest after = f.read(request.id());
    assertThat(after.state()).isEqualTo(RequestState.DENIED);
    assertThat(after.denial().by().email()).isEqualTo(CAROL);
    assertThat(after.denial().reason()).isEqualTo("not during the freeze");
    Map<String, String> update = last(f.slack.calls("chat.update")).form();
    assertThat(update).containsEntry("ts", ts);
    assertThat(JSON.readTree(update.get("blocks")).get(1).at("/elements/0/text").asText())
        .isEqualTo("*DENIED* by carol@example.com: not during the freeze");
    assertThat(update.get("blocks")).doesNotContain("jitgate_deny\"");
  }

  @Test
  void unknownSlackUser_isToldWhyAlone_andNothingIsDecided() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();

    assertThat(f.interact(click(U_STRANGER, "jitgate_approve", request, ts)).status())
        .isEqualTo(200);

    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.PENDING);
    Map<String, String> told = f.slack.calls("chat.postEphemeral").get(0).form();
    assertThat(told)
        .containsEntry("channel", SlackPayloads.CHANNEL)
        .containsEntry("user", U_STRANGER);
    assertThat(told.get("text")).contains("cannot find your Slack user");
  }

  @Test
  void userWithoutAnEmailInSlack_isToldWhyAlone_andNothingIsDecided() {
    AccessRequest request = f.aliceRequests();

    f.interact(click(U_NOMAIL, "jitgate_approve", request, f.messageTs()));

    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.PENDING);
    Map<String, String> told = f.slack.calls("chat.postEphemeral").get(0).form();
    assertThat(told).containsEntry("user", U_NOMAIL);
    assertThat(told.get("text")).contains("Slack shows no e-mail address for you");
  }

  @Test
  void requesterApprovingTheirOwnRequest_isRefused_withAnEphemeralReply() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.slack.clear();

    f.interact(click(U_ALICE, "jitgate_approve", request, ts));

    AccessRequest after = f.read(request.id());
    assertThat(after.state()).isEqualTo(RequestState.PENDING);
    assertThat(after.approvals()).isEmpty();
    Map<String, String> told = f.slack.calls("chat.postEphemeral").get(0).form();
    assertThat(told).containsEntry("user", U_ALICE);
    assertThat(told.get("text")).isEqualTo("Refused: you cannot approve your own request.");
    assertThat(f.slack.calls("chat.update")).isEmpty();
  }

  @Test
  void secondClickAfterTheDecision_isRefused_andTheLookupIsCached() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.interact(click(U_CAROL, "jitgate_approve", request, ts));
    long version = f.read(request.id()).version();

    f.clock.advance(Duration.ofSeconds(30));
    f.interact(click(U_CAROL, "jitgate_deny", request, ts));

    assertThat(f.read(request.id()).version()).isEqualTo(version);
    assertThat(f.slack.calls("views.open")).isEmpty();
    assertThat(f.slack.calls("chat.postEphemeral").get(0).form().get("text"))
        .startsWith("Refused: request " + request.id() + " is already ACTIVE");
    assertThat(f.slack.calls("users.info")).hasSize(1);
  }

  @Test
  void badSignature_is401_andReachesNeitherTheServiceNorSlack() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.slack.clear();
    long now = f.now().getEpochSecond();
    String body = SlackPayloads.form(click(U_CAROL, "jitgate_approve", request, ts));

    HttpResponse answer =
        f.post(body, Long.toString(now), SlackPayloads.sign("some-other-secret", now, body));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.bodyText()).contains("X-Slack-Signature does not match");
    assertThat(f.slack.calls()).isEmpty();
    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void staleTimestamp_is401_evenWithAValidSignature() {
    AccessRequest request = f.aliceRequests();
    f.slack.clear();
    long then = f.now().minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond();
    String body = SlackPayloads.form(click(U_CAROL, "jitgate_approve", request, "1.2"));

    HttpResponse answer = f.post(body, Long.toString(then), SlackPayloads.sign(SECRET, then, body));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.bodyText()).contains("more than 5 minutes");
    assertThat(f.slack.calls()).isEmpty();
    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void timestampFourMinutesOld_isAccepted() {
    AccessRequest request = f.aliceRequests();
    long then = f.now().minus(Duration.ofMinutes(4)).getEpochSecond();
    String body = SlackPayloads.form(click(U_CAROL, "jitgate_approve", request, f.messageTs()));

    HttpResponse answer = f.post(body, Long.toString(then), SlackPayloads.sign(SECRET, then, body));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void replayedPayload_is409_andCausesNoSlackCallOrDecision() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    long now = f.now().getEpochSecond();
    String body = SlackPayloads.form(click(U_CAROL, "jitgate_deny", request, ts));
    String signature = SlackPayloads.sign(SECRET, now, body);
    assertThat(f.post(body, Long.toString(now), signature).status()).isEqualTo(200);
    int calls = f.slack.calls().size();
    f.clock.advance(Duration.ofSeconds(90));

    HttpResponse replay = f.post(body, Long.toString(now), signature);

    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.bodyText()).contains("already taken");
    assertThat(f.slack.calls()).hasSize(calls);
    assertThat(f.slack.calls("views.open")).hasSize(1);
  }

  @Test
  void payloadThatIsNotSlacks_is400_afterTheSignatureCheck() {
    long now = f.now().getEpochSecond();
    String body = "payload=not-json";

    HttpResponse answer = f.post(body, Long.toString(now), SlackPayloads.sign(SECRET, now, body));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.bodyText()).contains("not a Slack interaction payload");
  }

  private static String click(String user, String action, AccessRequest request, String ts) {
    return SlackPayloads.click(user, action, request.id().value(), SlackPayloads.CHANNEL, ts);
  }

  private static <T> T last(java.util.List<T> list) {
    assertThat(list).isNotEmpty();
    return list.get(list.size() - 1);
  }
}
