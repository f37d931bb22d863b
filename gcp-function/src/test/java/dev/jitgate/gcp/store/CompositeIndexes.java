package dev.jitgate.gcp.store;

import com.google.cloud.firestore.Query;
import com.google.firestore.v1.StructuredQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The composite index a Firestore query needs, derived from the query as the client sends it, by
 * the rules of "Index types" and "Manage indexes" in Firestore's documentation:
 *
 * <ul>
 *   <li>fields under an equality filter ({@code ==}, {@code in}) come first, ascending, and fields
 *       under {@code array-contains} there too, as array-contains entries;
 *   <li>then the fields the query orders by, in its order and directions, and any field under an
 *       inequality filter that the query does not order by explicitly (Firestore orders by it,
 *       ascending);
 *   <li>no composite index is needed when the query orders by nothing (equality filters alone are
 *       answered by merging the automatic single-field indexes), nor when it filters and orders on
 *       one field only. The document name ({@code __name__}) is in every index already.
 * </ul>
 *
 * One array-contains filter alone, ordered by nothing but the document name, needs no composite
 * index (the field's automatic array index). Shapes these rules do not cover here (OR filters,
 * array-contains with other filters and no order) fail loudly rather than derive a wrong index.
 */
final class CompositeIndexes {

  static final String ASCENDING = "ASCENDING";
  static final String DESCENDING = "DESCENDING";
  static final String CONTAINS = "CONTAINS";

  private static final String DOCUMENT_NAME = "__name__";

  private CompositeIndexes() {}

  /** One field of an index: ordered ({@code order}) or an array-contains entry. */
  record Field(String fieldPath, String order, String arrayConfig) {
    static Field ordered(String fieldPath, String order) {
      return new Field(fieldPath, order, null);
    }

    static Field contains(String fieldPath) {
      return new Field(fieldPath, null, CONTAINS);
    }
  }

  /** A composite index on {@code collection}. */
  record Index(String collection, List<Field> fields) {}

  /** The composite index {@code query} on {@code collection} needs, if it needs one. */
  static Optional<Index> required(String collection, Query query) {
    return required(collection, query.toProto().getStructuredQuery());
  }

  static Optional<Index> required(String collection, StructuredQuery query) {
    Map<String, Field> equality = new LinkedHashMap<>();
    Set<String> inequality = new LinkedHashSet<>();
    if (query.hasWhere()) {
      collect(query.getWhere(), equality, inequality);
    }
    Map<String, Field> ordered = new LinkedHashMap<>();
    for (StructuredQuery.Order order : query.getOrderByList()) {
      String field = order.getField().getFieldPath();
      if (!field.equals(DOCUMENT_NAME) && !equality.containsKey(field)) {
        ordered.putIfAbsent(
            field,
            Field.ordered(
                field,
                order.getDirection() == StructuredQuery.Direction.DESCENDING
                    ? DESCENDING
                    : ASCENDING));
      }
    }
    for (String field : inequality) {
      if (!field.equals(DOCUMENT_NAME)) {
        ordered.putIfAbsent(field, Field.ordered(field, ASCENDING));
      }
    }
    if (ordered.isEmpty()) {
      // One array-contains filter alone, in document-name order: the field's automatic array
      // index answers it, since every index ends in the document name.
      if (equality.size() == 1
          && CONTAINS.equals(equality.values().iterator().next().arrayConfig())) {
        return Optional.empty();
      }
      if (equality.values().stream().anyMatch(f -> CONTAINS.equals(f.arrayConfig()))) {
        throw new IllegalArgumentException(
            "array-contains without an order is not derived here: " + query);
      }
      return Optional.empty();
    }
    if (equality.isEmpty() && ordered.size() == 1) {
      return Optional.empty();
    }
    List<Field> fields = new ArrayList<>(equality.values());
    fields.addAll(ordered.values());
    return Optional.of(new Index(collection, List.copyOf(fields)));
  }

  private static void collect(
      StructuredQuery.Filter filter, Map<String, Field> equality, Set<String> inequality) {
    if (filter.hasCompositeFilter()) {
      StructuredQuery.CompositeFilter composite = filter.getCompositeFilter();
      if (composite.getOp() != StructuredQuery.CompositeFilter.Operator.AND) {
        throw new IllegalArgumentException(
            "only AND filters are derived here, not " + composite.getOp());
      }
      composite.getFiltersList().forEach(f -> collect(f, equality, inequality));
    } else if (filter.hasFieldFilter()) {
      StructuredQuery.FieldFilter field = filter.getFieldFilter();
      String path = field.getField().getFieldPath();
      switch (field.getOp()) {
        case EQUAL, IN -> equality.putIfAbsent(path, Field.ordered(path, ASCENDING));
        case ARRAY_CONTAINS, ARRAY_CONTAINS_ANY -> equality.putIfAbsent(path, Field.contains(path));
        case LESS_THAN,
            LESS_THAN_OR_EQUAL,
            GREATER_THAN,
            GREATER_THAN_OR_EQUAL,
            NOT_EQUAL,
            NOT_IN ->
            inequality.add(path);
        default -> throw new IllegalArgumentException("unknown filter " + field.getOp());
      }
    } else if (filter.hasUnaryFilter()) {
      StructuredQuery.UnaryFilter unary = filter.getUnaryFilter();
      String path = unary.getField().getFieldPath();
      switch (unary.getOp()) {
        case IS_NULL, IS_NAN -> equality.putIfAbsent(path, Field.ordered(path, ASCENDING));
        case IS_NOT_NULL, IS_NOT_NAN -> inequality.add(path);
        default -> throw new IllegalArgumentException("unknown filter " + unary.getOp());
      }
    }
  }
}
