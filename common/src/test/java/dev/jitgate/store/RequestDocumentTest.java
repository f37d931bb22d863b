package dev.jitgate.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.audit.AuditChain;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request document round-trips every field and refuses what it cannot read. */
class RequestDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<AccessRequest> everyState() {
    return TestRequests.oneInEveryState(T0).stream();
  }

  static Stream<GrantSpec> everyGrantSpec() {
    return TestRequests.everyGrantSpec().stream();
  }

  @ParameterizedTest
  @MethodSource("everyState")
  void roundTrip_keepsEveryFieldOfARequestInEachState(AccessRequest request) {
    AccessRequest read = RequestDocument.fromJson(RequestDocument.toJson(request));

    assertThat(read).isEqualTo(request);
  }

  @Test
  void fixtures_coverEveryState() {
    assertThat(everyState().map(AccessRequest::state)).containsAll(List.of(RequestState.values()));
  }

  @ParameterizedTest
  @MethodSource("everyGrantSpec")
  void roundTrip_keepsEveryGrantKind(GrantSpec spec) {
    AccessRequest request = request().grant(spec).revoked();

    AccessRequest read = RequestDocument.fromJson(RequestDocument.toJson(request));

    assertThat(read.grant()).isEqualTo(spec);
    assertThat(read).isEqualTo(request);
  }

  @Test
  void roundTrip_keepsNanosecondsAndNullFields() {
    Instant odd = T0.plusNanos(123_456_789);
    AccessRequest denied =
        request()
            .at(odd)
            .approvals(2)
            .pending()
            .approve(approver(1), null, odd.plus(STEP))
            .deny(approver(2), null, odd.plus(STEP).plusNanos(1));

    AccessRequest read = RequestDocument.fromJson(RequestDocument.toJson(denied));

    assertThat(read).isEqualTo(denied);
    assertThat(read.createdAt()).isEqualTo(odd);
    assertThat(read.approvals().get(0).comment()).isNull();
    assertThat(read.denial().reason()).isNull();
    assertThat(read.window()).isNull();
    assertThat(read.dueAt()).isNull();
  }

  @ParameterizedTest
  @MethodSource("everyState")
  void roundTrip_leavesTheAuditChainValid(AccessRequest request) {
    AccessRequest read = RequestDocument.fromJson(RequestDocument.toJson(request));

    assertThat(AuditChain.verify(read.id().value(), read.events()).valid()).isTrue();
  }

  @Test
  void toJson_writesTheVersionTheGrantKindAndIsoTimes() throws Exception {
    AccessRequest active = request().grant(TestRequests.awsRoleCredentialsUnscoped()).active();

    JsonNode doc = JSON.readTree(RequestDocument.toJson(active));

    assertThat(doc.get("doc").intValue()).isEqualTo(RequestDocument.VERSION);
    assertThat(doc.get("grant").get("kind").textValue()).isEqualTo("aws.role-credentials");
    assertThat(doc.get("grant").get("sessionPolicy").isNull()).isTrue();
    assertThat(doc.get("createdAt").textValue()).isEqualTo("2026-03-02T09:00:00Z");
    assertThat(doc.get("duration").textValue()).isEqualTo("PT2H");
    assertThat(doc.get("state").textValue()).isEqualTo("ACTIVE");
    assertThat(doc.get("denial").isNull()).isTrue();
    assertThat(doc.get("events").get(0).get("type").textValue()).isEqualTo("requested");
    assertThat(doc.get("requesterGroups"))
        .extracting(JsonNode::textValue)
        .containsExactly("engineering", "oncall");
  }

  @Test
  void toJson_isTheSameAfterARoundTrip() {
    AccessRequest request =
        request().requester("bob@example.com", "z-team", "a-team", "m").active();
    String json = RequestDocument.toJson(request);

    assertThat(RequestDocument.toJson(RequestDocument.fromJson(json))).isEqualTo(json);
  }

  @Test
  void fromJson_whenTheVersionIsUnknown_isRefused() {
    String json = edit(request().pending(), doc -> doc.put("doc", RequestDocument.VERSION + 1));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("version " + (RequestDocument.VERSION + 1) + " is not supported")
        .hasMessageContaining("reads versions 1 to " + RequestDocument.VERSION);
  }

  @Test
  void fromJson_aVersion1Document_isReadWithoutIntents() {
    AccessRequest active = request().active();
    String v1 =
        edit(
            active,
            doc -> {
              doc.put("doc", 1);
              doc.remove("grantStartedAt");
              doc.remove("revoking");
            });

    AccessRequest read = RequestDocument.fromJson(v1);

    assertThat(read).isEqualTo(active);
    assertThat(read.grantStartedAt()).isNull();
    assertThat(read.revoking()).isNull();
  }

  @Test
  void fromJson_aVersion4Document_isReadWithoutAnExtensionOrAStart() {
    AccessRequest active = request().active();
    String v4 =
        edit(
            active,
            doc -> {
              doc.put("doc", 4);
              doc.remove("extension");
              doc.remove("extensions");
              doc.remove("startAt");
            });

    AccessRequest read = RequestDocument.fromJson(v4);

    assertThat(read).isEqualTo(active);
    assertThat(read.extension()).isNull();
    assertThat(read.extensions()).isZero();
    assertThat(read.startAt()).isNull();
  }

  @Test
  void fromJson_aVersion4DocumentWithAnExtension_isRefused() {
    String v4 =
        edit(
            request().active(),
            doc -> {
              doc.put("doc", 4);
              doc.put("extensions", 1);
            });

    assertThatThrownBy(() -> RequestDocument.fromJson(v4))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("fields of version 5");
  }

  @Test
  void fromJson_aVersion2Document_isReadWithoutAPrincipalId() {
    AccessRequest active = request().active();
    String v2 =
        edit(
            active,
            doc -> {
              doc.put("doc", 2);
              doc.remove("requesterPrincipalId");
            });

    assertThat(RequestDocument.fromJson(v2).requesterPrincipalId()).isNull();
  }

  @Test
  void fromJson_aVersion2DocumentWithAPrincipalId_isRefused() {
    String json =
        edit(
            request().active(),
            doc -> doc.put("doc", 2).put("requesterPrincipalId", UUID.randomUUID().toString()));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("fields of version 3");
  }

  @Test
  void fromJson_aVersion1DocumentWithAnIntent_isRefused() {
    String json = edit(request().granting(), doc -> doc.put("doc", 1));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("fields of version 2");
  }

  @Test
  void roundTrip_keepsTheIntentsStoredBeforeCloudCalls() {
    AccessRequest granting = request().granting();
    AccessRequest revoking = request().revoking();

    AccessRequest grantRead = RequestDocument.fromJson(RequestDocument.toJson(granting));
    AccessRequest revokeRead = RequestDocument.fromJson(RequestDocument.toJson(revoking));

    assertThat(grantRead.grantStartedAt()).isNotNull().isEqualTo(granting.grantStartedAt());
    assertThat(revokeRead.revoking()).isNotNull().isEqualTo(revoking.revoking());
    assertThat(revokeRead.revoking().by().email()).isEqualTo("approver1@example.com");
    assertThat(revokeRead).isEqualTo(revoking);
  }

  @Test
  void fromJson_withoutAVersion_isRefused() {
    String json = edit(request().pending(), doc -> doc.remove("doc"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("no numeric document version");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"doc\": 1, \"id\": ", "not json", "{\"doc\": 1} trailing"})
  void fromJson_whenNotJson_isRefusedAsInvalidJson(String text) {
    assertThatThrownBy(() -> RequestDocument.fromJson(text))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("the request document is not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "42", "null"})
  void fromJson_whenNotAnObject_isRefused(String text) {
    assertThatThrownBy(() -> RequestDocument.fromJson(text))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void fromJson_whenAFieldIsMissing_isRefused() {
    String json = edit(request().pending(), doc -> doc.remove("window"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("expected fields")
        .hasMessageContaining("window");
  }

  @Test
  void fromJson_whenAFieldIsUnknown_isRefused() {
    String json = edit(request().pending(), doc -> doc.put("priority", "high"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("priority");
  }

  @Test
  void fromJson_whenTheGrantHasAFieldOfAnotherKind_isRefused() {
    String json = edit(request().pending(), doc -> grant(doc).put("accountId", "123456789012"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("unknown grant field 'accountId'");
  }

  @Test
  void fromJson_whenTheGrantKindIsUnknown_isRefused() {
    String json = edit(request().pending(), doc -> grant(doc).put("kind", "oci.policy"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("unknown grant kind 'oci.policy'");
  }

  @Test
  void fromJson_whenAValueBreaksADomainRule_isRefused() {
    String json = edit(request().pending(), doc -> doc.put("requester", "not-an-address"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("invalid request");
  }

  @Test
  void fromJson_whenAnEventTypeIsUnknown_isRefused() {
    String json =
        edit(
            request().pending(),
            doc -> ((ObjectNode) doc.get("events").get(0)).put("type", "teleported"));

    assertThatThrownBy(() -> RequestDocument.fromJson(json))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("unknown audit event type 'teleported'");
  }

  @Test
  void fromJson_whenAnEventWasEdited_keepsItSoTheChainShowsTheTampering() {
    String json =
        edit(
            request().active(),
            doc -> ((ObjectNode) doc.get("events").get(1).get("details")).put("comment", "edited"));

    AccessRequest read = RequestDocument.fromJson(json);

    AuditChain.Verification verification = AuditChain.verify(read.id().value(), read.events());
    assertThat(verification.valid()).isFalse();
    assertThat(verification.firstBadSeq()).isEqualTo(2);
  }

  private static ObjectNode grant(ObjectNode doc) {
    return (ObjectNode) doc.get("grant");
  }

  private static String edit(AccessRequest request, Consumer<ObjectNode> change) {
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(RequestDocument.toJson(request));
      change.accept(doc);
      return JSON.writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
