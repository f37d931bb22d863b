package dev.jitgate.gcp.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Firestore's size limits as the store computes them, held against what the emulator enforces, and
 * the store's refusals and errors, which name the request and the operation.
 */
@ExtendWith(OnFirestoreEmulator.class)
class FirestoreDocumentLimitsOnEmulatorTest {
  private static final String PROJECT = "jitgate-store-limits";

  private static Firestore firestore;
  private String collection;
  private FirestoreRequestStore store;

  @BeforeAll
  static void connect(FirestoreEmulator emulator) {
    firestore = emulator.client(PROJECT);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void freshCollection() {
    collection = "limits-" + UUID.randomUUID();
    store = FirestoreRequestStore.connect(firestore, collection);
  }

  @Test
  void documentSize_atTheLimit_isAcceptedByTheEmulator_andOneByteMoreIsNot() throws Exception {
    // Every type the store writes, with a filler that brings the computed size to the limit.
    Map<String, Object> fields = new HashMap<>();
    fields.put("doc", "x".repeat(600_000));
    fields.put("version", 7L);
    fields.put("createdAt", Timestamp.ofTimeSecondsAndNanos(T0.getEpochSecond(), 123_000));
    fields.put("requester", "älice@example.com");
    fields.put("filler", "");
    String id = "req-" + RequestId.random();
    int rest = DocumentLimits.MAX_DOCUMENT_BYTES - DocumentLimits.size(collection, id, fields);
    fields.put("filler", "y".repeat(rest));
    assertThat(DocumentLimits.size(collection, id, fields))
        .isEqualTo(DocumentLimits.MAX_DOCUMENT_BYTES);

    firestore.collection(collection).document(id).create(fields).get();

    fields.put("filler", "y".repeat(rest + 1));
    String other = "req-" + RequestId.random();
    assertThatThrownBy(() -> firestore.collection(collection).document(other).create(fields).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("maximum entity size is " + DocumentLimits.MAX_DOCUMENT_BYTES);
  }

  @Test
  void fieldValue_atTheLimit_isAcceptedByTheEmulator_andOneByteMoreIsNot() throws Exception {
    int limit = DocumentLimits.MAX_FIELD_VALUE_BYTES;

    // A short collection id, so that the document stays under 1 MiB with the longest value.
    firestore.collection("f").document("a").create(Map.of("s", "x".repeat(limit))).get();

    assertThatThrownBy(
            () ->
                firestore
                    .collection("f")
                    .document("b")
                    .create(Map.of("s", "x".repeat(limit + 1)))
                    .get())
        .hasCauseInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("longer than " + limit + " bytes");
  }

  @Test
  void create_whenTheDocumentWouldPassOneMebibyte_isRefusedBeforeAnythingIsSent() throws Exception {
    // The request document alone stays under the field limit; with the other fields the whole
    // document passes 1 MiB.
    AccessRequest big = withDocumentBytes(DocumentLimits.MAX_FIELD_VALUE_BYTES - 10);

    Firestore unreachable = unreachableClient();
    try {
      FirestoreRequestStore offline = FirestoreRequestStore.connect(unreachable, "requests");

      // Nothing listens there: only a check made before sending fails without a cause.
      assertThatThrownBy(() -> offline.create(big))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "request " + big.id() + " is too large to store in Firestore: its document is")
          .hasMessageContaining("above the 1048576 (1 MiB) a document may have")
          .hasNoCause();
    } finally {
      unreachable.close();
    }
  }

  @Test
  void create_whenTheRequestDocumentPassesTheFieldLimit_isRefusedNamingTheField() {
    AccessRequest big = withDocumentBytes(DocumentLimits.MAX_FIELD_VALUE_BYTES + 2);

    assertThatThrownBy(() -> store.create(big))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "request "
                + big.id()
                + " is too large to store in Firestore: its field 'doc' is "
                + documentBytes(big)
                + " bytes, above the 1048487 a field value may have")
        .hasNoCause();
    assertThat(store.get(big.id())).isEmpty();
  }

  @Test
  void create_whenLargeButUnderTheLimits_roundTrips() {
    AccessRequest large = request().justification("é".repeat(250_000)).pending();
    assertThat(documentBytes(large)).isGreaterThan(1_000_000);

    store.create(large);

    assertThat(store.get(large.id())).contains(large);
  }

  @Test
  void update_whenTheNextDocumentIsTooLarge_isRefusedAndKeepsTheStoredRequest() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest grown =
        pending.record(
            AuditType.NOTIFIED, "jitgate", Map.of("to", "y".repeat(1_100_000)), T0.plus(STEP));

    assertThatThrownBy(() -> store.update(grown, pending.version()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("request " + pending.id() + " is too large to store in Firestore");
    assertThat(store.get(pending.id())).contains(pending);
  }

  @Test
  void get_whenFirestoreIsUnreachable_failsNamingTheOperationAndTheCode() throws Exception {
    RequestId id = RequestId.random();
    Firestore unreachable = unreachableClient();
    try {
      FirestoreRequestStore offline = FirestoreRequestStore.connect(unreachable, "requests");

      assertThatThrownBy(() -> offline.get(id))
          .isInstanceOf(StoreException.class)
          .hasMessage("the request store could not read request " + id + " (UNAVAILABLE)")
          .cause()
          .isNotNull();
    } finally {
      unreachable.close();
    }
  }

  @Test
  void update_whenFirestoreIsUnreachable_failsRatherThanReportingALostRace() throws Exception {
    AccessRequest pending = request().pending();
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));
    Firestore unreachable = unreachableClient();
    try {
      FirestoreRequestStore offline = FirestoreRequestStore.connect(unreachable, "requests");

      assertThatThrownBy(() -> offline.update(approved, pending.version()))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "the request store could not update request " + pending.id() + " (UNAVAILABLE)");
    } finally {
      unreachable.close();
    }
  }

  /**
   * A pending request whose JSON document is {@code bytes} long, or one byte shorter: the
   * justification appears twice in it, in the request and in its submission event.
   */
  private static AccessRequest withDocumentBytes(int bytes) {
    RequestId id = RequestId.random();
    int one = documentBytes(request().id(id.value()).justification("j").pending());
    int perCharacter = documentBytes(request().id(id.value()).justification("jj").pending()) - one;
    int length = 1 + (bytes - one) / perCharacter;
    AccessRequest r = request().id(id.value()).justification("j".repeat(length)).pending();
    assertThat(documentBytes(r)).isBetween(bytes - perCharacter + 1, bytes);
    return r;
  }

  private static int documentBytes(AccessRequest r) {
    return RequestDocument.toJson(r).getBytes(StandardCharsets.UTF_8).length;
  }

  /** A client for a loopback port where nothing listens, that gives up on the first failure. */
  private static Firestore unreachableClient() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return FirestoreOptions.newBuilder()
        .setEmulatorHost("127.0.0.1:" + port)
        .setProjectId(PROJECT)
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
        .build()
        .getService();
  }
}
