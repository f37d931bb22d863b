package dev.jitgate.service;

import static dev.jitgate.service.ServiceHarness.ALICE;
import static dev.jitgate.service.ServiceHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.audit.AuditChain;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import dev.jitgate.domain.RequestState;
import dev.jitgate.store.RequestDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 6: someone who can write to the store but does not hold the audit key edits a
 * request. The service detects it, on the audit endpoint and whenever it reads the request for a
 * decision, and refuses to act on it.
 */
class AuditIntegrityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceHarness h = new ServiceHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void approverRewrittenAndChainRehashed_isDetectedAndRefused() {
    AccessRequest half = h.approve(CAROL, h.request(ALICE, "gcp-prod-two-person", ""));
    assertThat(h.service.audit(CAROL, half.id()).valid()).isTrue();

    // The store writer names dave as the approver and recomputes every hash, as a plain SHA-256
    // chain allows; the seals cannot be recomputed without the key.
    tamper(half, r -> rehashed(r, "carol@example.com", "dave@example.com"));

    assertThat(h.service.audit(ALICE, half.id()).valid()).isFalse();
    assertThatThrownBy(() -> h.service.decide(CAROL, Decide.approve(half.id(), "")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("does not match its sealed audit trail");
    assertThat(h.stored(half.id()).state()).isEqualTo(RequestState.PENDING);
    assertThat(h.gcp.calls()).isEmpty();
  }

  @Test
  void stateFlippedToApprovedWithoutEvents_isNeverGranted() {
    AccessRequest pending = h.request(ALICE, "gcp-prod-storage-admin", "INC-1: fix");

    // The chain is untouched and sealed, but the document now says APPROVED with a window.
    AccessRequest forged =
        tamper(
            pending,
            doc -> {
              doc.put("state", "APPROVED");
              doc.putObject("window")
                  .put("start", h.clock.instant().toString())
                  .put("end", h.clock.instant().plusSeconds(3600).toString());
              doc.put("dueAt", h.clock.instant().toString());
              return doc;
            });
    assertThat(forged.state()).isEqualTo(RequestState.APPROVED);

    h.service.recover(h.clock.instant());

    assertThat(h.gcp.calls()).isEmpty();
    assertThat(h.stored(pending.id()).state()).isEqualTo(RequestState.APPROVED);
    assertThatThrownBy(() -> h.service.decide(CAROL, Decide.approve(pending.id(), "")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void untouchedRequests_verifyAndDecideAsUsual() {
    AccessRequest r = h.request(ALICE, "gcp-prod-storage-admin", "INC-1: fix");

    AccessRequest active = h.approve(CAROL, r);

    assertThat(active.state()).isEqualTo(RequestState.ACTIVE);
    assertThat(h.service.audit(ALICE, r.id()).valid()).isTrue();
    assertThat(h.stored(r.id()).events()).allSatisfy(e -> assertThat(e.seal()).isNotNull());
  }

  /** Writes {@code edit} of the stored document back with a compare-and-set, as a writer could. */
  private AccessRequest tamper(AccessRequest request, UnaryOperator<ObjectNode> edit) {
    AccessRequest stored = h.stored(request.id());
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(RequestDocument.toJson(stored));
      doc.put("version", stored.version() + 1);
      AccessRequest forged = RequestDocument.fromJson(JSON.writeValueAsString(edit.apply(doc)));
      assertThat(h.store.update(forged, stored.version())).isTrue();
      return forged;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The document with {@code from} replaced by {@code to} everywhere, its chain re-hashed. */
  private ObjectNode rehashed(ObjectNode doc, String from, String to) {
    try {
      AccessRequest edited =
          RequestDocument.fromJson(JSON.writeValueAsString(doc).replace(from, to));
      List<AuditEvent> chain = new ArrayList<>();
      for (AuditEvent e : edited.events()) {
        chain.add(
            AuditChain.next(edited.id().value(), chain, e.at(), e.type(), e.actor(), e.details())
                .withSeal(e.seal()));
      }
      ObjectNode out = (ObjectNode) JSON.readTree(RequestDocument.toJson(edited));
      out.set(
          "events", JSON.readTree(RequestDocument.toJson(withEvents(edited, chain))).get("events"));
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static AccessRequest withEvents(AccessRequest r, List<AuditEvent> events) {
    return new AccessRequest(
        r.id(),
        r.entitlement(),
        r.grant(),
        r.requester(),
        r.requesterGroups(),
        r.requesterPrincipalId(),
        r.justification(),
        r.duration(),
        r.createdAt(),
        r.approvalDeadline(),
        r.approvalsRequired(),
        r.approvals(),
        r.denial(),
        r.state(),
        r.window(),
        r.activatedAt(),
        r.endedAt(),
        r.endedBy(),
        r.endReason(),
        r.attempts(),
        r.dueAt(),
        r.grantStartedAt(),
        r.revoking(),
        r.version(),
        events,
        r.attention(),
        r.extension(),
        r.extensions(),
        r.startAt());
  }
}
