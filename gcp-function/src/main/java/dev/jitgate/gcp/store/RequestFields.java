package dev.jitgate.gcp.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import dev.jitgate.audit.AuditHours;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.store.DocumentException;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The layout of a request's Firestore document: the whole request as its JSON document in {@link
 * #DOC}, next to the fields that {@link FirestoreQueries} filter and order on, and the conversion
 * both ways.
 */
final class RequestFields {

  /** The request document ({@link RequestDocument}), the only field read back. */
  static final String DOC = "doc";

  static final String VERSION = "version";
  static final String STATE = "state";
  static final String KIND = "kind";
  static final String REQUESTER = "requester";
  static final String ENTITLEMENT = "entitlement";
  static final String GRANT_KEY = "grantKey";
  static final String CREATED_AT = "createdAt";

  /**
   * Issue 14: the entitlement, present only while a break-glass review is open: the approver
   * queue's query of open reviews then reads those only.
   */
  static final String REVIEW_ENTITLEMENT = "reviewEntitlement";

  /** Present only while the sweep has something to do for the request. */
  static final String DUE_AT = "dueAt";

  /**
   * A random token per write. The client retries a commit whose answer was lost (UNAVAILABLE); the
   * retry then meets our own write as ALREADY_EXISTS or a stale {@code updatedAt}, and the token
   * tells that apart from a write by someone else.
   */
  static final String WRITE_ID = "writeId";

  /**
   * The UTC hours (epoch milliseconds) the request has audit events in, an array: the audit
   * export's query finds a request by one of them with {@code array-contains}, which Firestore's
   * automatic single-field index answers in document-name order.
   */
  static final String AUDIT_HOURS = "auditHours";

  /**
   * Firestore reserves document ids matching {@code __.*__}, which a request id may: every id gets
   * this prefix, so none does.
   */
  private static final String ID_PREFIX = "req-";

  private static final int NANOS_PER_MICRO = 1_000;

  private RequestFields() {}

  /** The id of the document that holds request {@code id}. */
  static String documentId(RequestId id) {
    return ID_PREFIX + id.value();
  }

  /** The request id a document id names. */
  static RequestId requestId(String documentId) {
    return new RequestId(documentId.substring(ID_PREFIX.length()));
  }

  /** The fields of a new document for {@code request}; no {@link #DUE_AT} when nothing is due. */
  static Map<String, Object> forCreate(AccessRequest request, String writeId) {
    Map<String, Object> fields = common(request, writeId);
    if (request.dueAt() != null) {
      fields.put(DUE_AT, timestamp(request.dueAt()));
    }
    if (RequestKeys.approverTaskEntitlement(request) != null) {
      fields.put(REVIEW_ENTITLEMENT, RequestKeys.approverTaskEntitlement(request));
    }
    return fields;
  }

  /**
   * The fields that replace every field of a stored document: {@link #DUE_AT} is deleted when
   * nothing is due any more, so the request drops out of the due query.
   */
  static Map<String, Object> forUpdate(AccessRequest request, String writeId) {
    Map<String, Object> fields = common(request, writeId);
    fields.put(DUE_AT, request.dueAt() == null ? FieldValue.delete() : timestamp(request.dueAt()));
    String review = RequestKeys.approverTaskEntitlement(request);
    fields.put(REVIEW_ENTITLEMENT, review == null ? FieldValue.delete() : review);
    return fields;
  }

  /**
   * {@code instant} as a Firestore timestamp, truncated to the microseconds Firestore keeps.
   * Truncation keeps order ({@code a <= b} gives {@code t(a) <= t(b)}), so a query for "at or
   * before t(now)" finds every request due at or before now, and some due later in now's
   * microsecond, which the store then passes over on the exact time in the document.
   */
  static Timestamp timestamp(Instant instant) {
    int nanos = instant.getNano() / NANOS_PER_MICRO * NANOS_PER_MICRO;
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), nanos);
  }

  /** The request a stored document holds. */
  static AccessRequest request(DocumentSnapshot snapshot) {
    Object doc = snapshot.get(DOC);
    if (!(doc instanceof String json)) {
      throw new DocumentException(
          "stored request document " + snapshot.getId() + " has no text field '" + DOC + "'");
    }
    try {
      return RequestDocument.fromJson(json);
    } catch (DocumentException e) {
      throw new DocumentException(
          "stored request document " + snapshot.getId() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The version a stored document is at. */
  static long version(DocumentSnapshot snapshot) {
    Object version = snapshot.get(VERSION);
    if (!(version instanceof Long value)) {
      throw new DocumentException(
          "stored request document "
              + snapshot.getId()
              + " has no integer field '"
              + VERSION
              + "'");
    }
    return value;
  }

  /** The write token a stored document carries, or null. */
  static String writeId(DocumentSnapshot snapshot) {
    return snapshot.get(WRITE_ID) instanceof String id ? id : null;
  }

  private static Map<String, Object> common(AccessRequest request, String writeId) {
    RequestKeys keys = RequestKeys.of(request);
    Map<String, Object> fields = new HashMap<>();
    fields.put(DOC, RequestDocument.toJson(request));
    fields.put(VERSION, keys.version());
    fields.put(STATE, keys.state());
    fields.put(KIND, keys.kind());
    fields.put(REQUESTER, keys.requester());
    fields.put(ENTITLEMENT, keys.entitlement());
    fields.put(GRANT_KEY, keys.grantKey());
    fields.put(CREATED_AT, timestamp(request.createdAt()));
    fields.put(WRITE_ID, writeId);
    fields.put(AUDIT_HOURS, new ArrayList<>(AuditHours.of(request.events())));
    return fields;
  }
}
