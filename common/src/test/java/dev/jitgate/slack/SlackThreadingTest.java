package dev.jitgate.slack;

import static dev.jitgate.slack.SlackFixture.ALICE;
import static dev.jitgate.slack.SlackFixture.CAROL;
import static dev.jitgate.slack.SlackFixture.U_CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.RequestState;
import dev.jitgate.service.Decide;
import dev.jitgate.service.Revoke;
import dev.jitgate.testing.SlackPayloads;
import dev.jitgate.testing.SlackStub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Later events thread under the request's first message and update it in place, whichever way the
 * request was decided.
 */
class SlackThreadingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackFixture f = new SlackFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void approvedThroughTheApi_thenRevoked_eachEventIsAReplyInTheThread_andTheMessageFollows()
      throws Exception {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.slack.clear();

    f.jitgate.service().decide(Caller.of(CAROL), Decide.approve(request.id(), "ok"));
    f.clock.advance(Duration.ofMinutes(5));
    f.jitgate.service().revoke(Caller.of(ALICE), new Revoke(request.id(), "done early"));

    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.REVOKED);
    List<SlackStub.Call> replies = f.slack.calls("chat.postMessage");
    assertThat(replies).extracting(c -> c.form().get("thread_ts")).containsOnly(ts);
    assertThat(replies)
        .extracting(c -> c.form().get("text"))
        .satisfiesExactly(
            t -> assertThat(t).isEqualTo("Approved by carol@example.com. Granting prod-read now."),
            t -> assertThat(t).startsWith("alice@example.com has prod-read until "),
            t ->
                assertThat(t)
                    .isEqualTo(
                        "alice@example.com's access to prod-read was revoked by"
                            + " alice@example.com: done early"));
    assertThat(replies).allSatisfy(c -> assertThat(c.form()).doesNotContainKey("blocks"));
    SlackStub.Call last = f.slack.calls("chat.update").get(2);
    assertThat(last.form()).containsEntry("ts", ts);
    assertThat(JSON.readTree(last.form().get("blocks")).get(1).at("/elements/0/text").asText())
        .startsWith("*REVOKED* by alice@example.com at ");
  }

  @Test
  void expiredBySweep_isAReplyInTheThread() {
    AccessRequest request = f.aliceRequests();
    String ts = f.messageTs();
    f.interact(
        SlackPayloads.click(
            U_CAROL, "jitgate_approve", request.id().value(), SlackPayloads.CHANNEL, ts));
    f.slack.clear();

    f.clock.advance(Duration.ofHours(2));
    f.jitgate.service().sweep(f.clock.instant());

    assertThat(f.read(request.id()).state()).isEqualTo(RequestState.EXPIRED);
    SlackStub.Call reply = f.slack.calls("chat.postMessage").get(0);
    assertThat(reply.form())
        .containsEntry("thread_ts", ts)
        .containsEntry("text", "alice@example.com's access to prod-read has expired.");
    assertThat(f.slack.calls("chat.update").get(0).form().get("blocks")).contains("*EXPIRED* at");
  }
}
