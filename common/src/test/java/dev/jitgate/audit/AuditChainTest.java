package dev.jitgate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final String RID = "req-0000000001";
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static List<AuditEvent> chain() {
    List<AuditEvent> events = List.of();
    events =
        AuditChain.append(
            RID,
            events,
            T0,
            AuditType.REQUESTED,
            "alice@example.com",
            Map.of("justification", "INC-1"));
    events =
        AuditChain.append(
            RID,
            events,
            T0.plusSeconds(60),
            AuditType.APPROVED,
            "carol@example.com",
            Map.of("approvals", "1 of 1"));
    events =
        AuditChain.append(
            RID, events, T0.plusSeconds(61), AuditType.ACTIVATED, "jitgate", Map.of());
    return AuditChain.append(
        RID,
        events,
        T0.plusSeconds(3661),
        AuditType.EXPIRED,
        "jitgate",
        Map.of("artifact", "removed"));
  }

  private static AuditEvent withActor(AuditEvent e, String actor) {
    return new AuditEvent(
        e.seq(), e.at(), e.type(), actor, e.details(), e.prev(), e.hash(), e.seal());
  }

  @Test
  void verify_anUntouchedChain_isValid() {
    List<AuditEvent> events = chain();

    assertThat(AuditChain.verify(RID, events)).isEqualTo(AuditChain.Verification.VALID);
    assertThat(events.get(0).prev()).isEqualTo(AuditChain.genesis(RID));
    assertThat(events.get(1).prev()).isEqualTo(events.get(0).hash());
  }

  @Test
  void verify_whenAnEventIsEdited_pointsAtIt() {
    List<AuditEvent> events = new ArrayList<>(chain());
    events.set(1, withActor(events.get(1), "mallory@example.com"));

    AuditChain.Verification v = AuditChain.verify(RID, events);

    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(2);
    assertThat(v.problem()).contains("altered");
  }

  @Test
  void verify_whenDetailsAreEdited_detectsIt() {
    List<AuditEvent> events = new ArrayList<>(chain());
    AuditEvent e = events.get(0);
    events.set(
        0,
        new AuditEvent(
            e.seq(),
            e.at(),
            e.type(),
            e.actor(),
            Map.of("justification", "INC-2"),
            e.prev(),
            e.hash(),
            e.seal()));

    assertThat(AuditChain.verify(RID, events).firstBadSeq()).isEqualTo(1);
  }

  @Test
  void verify_whenAnEventIsEditedAndRehashed_breaksTheNextLink() {
    List<AuditEvent> events = new ArrayList<>(chain());
    AuditEvent forged =
        AuditChain.next(
            RID,
            events.subList(0, 1),
            events.get(1).at(),
            AuditType.APPROVED,
            "mallory@example.com",
            events.get(1).details());
    events.set(1, forged);

    AuditChain.Verification v = AuditChain.verify(RID, events);

    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
  }

  @Test
  void verify_whenAnEventIsRemoved_detectsTheGap() {
    List<AuditEvent> events = new ArrayList<>(chain());
    events.remove(1);

    AuditChain.Verification v = AuditChain.verify(RID, events);

    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(2);
  }

  @Test
  void verify_whenEventsAreReordered_detectsIt() {
    List<AuditEvent> events = new ArrayList<>(chain());
    Collections.swap(events, 1, 2);

    assertThat(AuditChain.verify(RID, events).valid()).isFalse();
  }

  @Test
  void verify_whenTheChainIsMovedToAnotherRequest_detectsIt() {
    assertThat(AuditChain.verify("req-0000000002", chain()).firstBadSeq()).isEqualTo(1);
  }

  @Test
  void canonicalJson_sortsKeysAndHasNoWhitespace() {
    String json =
        AuditChain.canonicalJson(3, T0, AuditType.TIMED_OUT, "jitgate", Map.of("z", "1", "a", "2"));

    assertThat(json)
        .isEqualTo(
            "{\"actor\":\"jitgate\",\"at\":\"2026-11-21T10:00:00Z\",\"details\":{\"a\":\"2\",\"z\":\"1\"},\"seq\":3,\"type\":\"timed_out\"}");
  }

  @Test
  void jsonLinesSink_printsOneParsableLinePerEvent() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLinesAuditSink sink =
        new JsonLinesAuditSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    sink.published(RID, chain());

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(4);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("requestId").asText()).isEqualTo(RID);
    assertThat(first.get("type").asText()).isEqualTo("requested");
    assertThat(first.get("details").get("justification").asText()).isEqualTo("INC-1");
    assertThat(first.get("hash").asText()).isEqualTo(chain().get(0).hash());
  }

  @Test
  void keyedChain_anEventEditedAndEveryHashRecomputed_failsItsSeal() {
    // A store writer rewrites the approver and recomputes the whole chain, as item 6 of issue 8
    // reproduced: the unkeyed chain verifies again, the keyed one does not.
    AuditKey key = new AuditKey(new byte[32]);
    List<AuditEvent> sealed = key.seal(chain());
    List<AuditEvent> forged = new ArrayList<>();
    for (AuditEvent e : sealed) {
      String actor = e.seq() == 2 ? "mallory@example.com" : e.actor();
      AuditEvent next =
          AuditChain.next(RID, forged, e.at(), e.type(), actor, e.details()).withSeal(e.seal());
      forged.add(next);
    }

    assertThat(AuditChain.verify(RID, forged).valid()).isTrue();
    AuditChain.Verification keyed = key.verify(RID, forged);
    assertThat(keyed.valid()).isFalse();
    assertThat(keyed.firstBadSeq()).isEqualTo(2);
    assertThat(key.verify(RID, sealed).valid()).isTrue();
  }

  @Test
  void keyedChain_withSealsStrippedOrFromAnotherKey_fails() {
    AuditKey key = new AuditKey(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;

    assertThat(key.verify(RID, chain()).problem()).contains("not sealed");
    assertThat(key.verify(RID, new AuditKey(other).seal(chain())).problem())
        .contains("does not carry this deployment's seal");
  }

  @Test
  void auditKey_shorterThan32Bytes_isRefused() {
    assertThatThrownBy(() -> new AuditKey(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }
}
