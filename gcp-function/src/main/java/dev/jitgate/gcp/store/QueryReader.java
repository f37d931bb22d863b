package dev.jitgate.gcp.store;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.jitgate.domain.AccessRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a query's requests page by page, in the query's order, keeping those that really match.
 *
 * <p>Firestore's queries are strongly consistent, so what a query finds is current. Still, an index
 * can find a little more than asked: timestamps are kept to the microsecond while requests are due
 * to the nanosecond, and only the first 1,500 bytes of a string are indexed ("Quotas and limits").
 * Those extra documents are passed over on the exact values in the request document.
 */
final class QueryReader {

  /** Documents per page when the caller wants more than that. */
  static final int DEFAULT_PAGE_SIZE = 300;

  /**
   * How many documents a bounded read may pass over before it returns what it has, rather than read
   * on without bound.
   */
  static final int MAX_SKIPPED = 1000;

  private final int pageSize;

  QueryReader(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("a page holds at least one document: " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /**
   * Up to {@code limit} requests that {@code query} finds and {@code matches} keeps, in the query's
   * order. Stops early, with fewer, once more than {@code maxSkipped} documents were passed over.
   */
  List<AccessRequest> collect(
      String operation, Query query, Predicate<AccessRequest> matches, int limit, int maxSkipped) {
    List<AccessRequest> found = new ArrayList<>();
    int skipped = 0;
    DocumentSnapshot last = null;
    while (found.size() < limit) {
      int want = Math.min(pageSize, limit - found.size());
      Query page = (last == null ? query : query.startAfter(last)).limit(want);
      List<QueryDocumentSnapshot> documents =
          FirestoreCalls.await(operation, page.get()).getDocuments();
      for (QueryDocumentSnapshot document : documents) {
        AccessRequest request = RequestFields.request(document);
        if (matches.test(request)) {
          found.add(request);
        } else {
          skipped++;
        }
      }
      if (documents.size() < want || skipped > maxSkipped) {
        break;
      }
      last = documents.get(documents.size() - 1);
    }
    return found;
  }
}
