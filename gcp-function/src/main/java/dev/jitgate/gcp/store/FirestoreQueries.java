package dev.jitgate.gcp.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Query;
import java.util.List;

/**
 * Every query the store runs, built in this one class so that a test can list them and derive the
 * composite indexes they need ({@code terraform/gcp/firestore-indexes.json}). A query here has no
 * limit or cursor: {@link QueryReader} pages through it, which needs no other index.
 *
 * <p>A change to a filter or an order here changes the indexes a deployment needs: the index test
 * then fails until the JSON file declares exactly the new set.
 */
final class FirestoreQueries {

  /** Firestore takes at most 30 values in an {@code in} filter. */
  static final int MAX_IN_VALUES = 30;

  private final CollectionReference requests;

  FirestoreQueries(CollectionReference requests) {
    this.requests = requests;
  }

  /**
   * Requests in {@code state} of one of {@code kinds}, due at or before {@code dueBy}, earliest due
   * first. Index: state, kind, dueAt. A request with nothing due has no {@code dueAt} field and is
   * not in the index at all.
   */
  Query due(String state, List<String> kinds, Timestamp dueBy) {
    return requests
        .whereEqualTo(RequestFields.STATE, state)
        .whereIn(RequestFields.KIND, inValues(kinds))
        .whereLessThanOrEqualTo(RequestFields.DUE_AT, dueBy)
        .orderBy(RequestFields.DUE_AT, Query.Direction.ASCENDING);
  }

  /** The requests of {@code requester}, newest first. Index: requester, createdAt descending. */
  Query byRequester(String requester) {
    return requests
        .whereEqualTo(RequestFields.REQUESTER, requester)
        .orderBy(RequestFields.CREATED_AT, Query.Direction.DESCENDING);
  }

  /**
   * The PENDING requests for up to {@value #MAX_IN_VALUES} {@code entitlements}, newest first.
   * Index: state, entitlement, createdAt descending.
   */
  Query pendingFor(String pendingState, List<String> entitlements) {
    return requests
        .whereEqualTo(RequestFields.STATE, pendingState)
        .whereIn(RequestFields.ENTITLEMENT, inValues(entitlements))
        .orderBy(RequestFields.CREATED_AT, Query.Direction.DESCENDING);
  }

  /**
   * Issue 14: the open break-glass reviews of up to {@value #MAX_IN_VALUES} {@code entitlements},
   * newest first. Index: reviewEntitlement, createdAt descending.
   */
  Query waitingOnApproversFor(List<String> entitlements) {
    return requests
        .whereIn(RequestFields.REVIEW_ENTITLEMENT, inValues(entitlements))
        .orderBy(RequestFields.CREATED_AT, Query.Direction.DESCENDING);
  }

  /**
   * The requests in {@code state} that hold the artifact {@code grantKey}. Equality filters only:
   * Firestore answers them by merging its automatic single-field indexes, so no composite index.
   */
  Query byGrantKey(String grantKey, String state) {
    return requests
        .whereEqualTo(RequestFields.GRANT_KEY, grantKey)
        .whereEqualTo(RequestFields.STATE, state);
  }

  private static List<String> inValues(List<String> values) {
    if (values.isEmpty() || values.size() > MAX_IN_VALUES) {
      throw new IllegalArgumentException(
          "an 'in' filter takes 1 to " + MAX_IN_VALUES + " values, not " + values.size());
    }
    return values;
  }

  /**
   * The requests with audit events in the hour starting at {@code hourMillis}, in document-name
   * order (the ids, behind one fixed prefix). Needs only the automatic single-field index of {@code
   * auditHours}.
   */
  Query auditHour(Long hourMillis) {
    return requests
        .whereArrayContains(RequestFields.AUDIT_HOURS, hourMillis)
        .orderBy(FieldPath.documentId(), Query.Direction.ASCENDING);
  }
}
