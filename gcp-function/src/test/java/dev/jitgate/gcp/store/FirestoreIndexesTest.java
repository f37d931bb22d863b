package dev.jitgate.gcp.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.jitgate.gcp.store.CompositeIndexes.ASCENDING;
import static dev.jitgate.gcp.store.CompositeIndexes.DESCENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jitgate.gcp.store.CompositeIndexes.Field;
import dev.jitgate.gcp.store.CompositeIndexes.Index;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The composite indexes in {@code terraform/gcp/firestore-indexes.json} are exactly those the
 * store's queries need: none missing (the emulator does not enforce indexes, so a missing one would
 * only fail in production) and none unused. The queries are the ones {@link FirestoreQueries}
 * builds, listed by reflection, and the indexes are derived from them by {@link CompositeIndexes}.
 *
 * <p>Queries that need only single-field indexes, which Firestore creates for every field on its
 * own, have no entry in the file: {@code byGrantKey} (two equality filters, answered by merging the
 * single-field indexes of grantKey and state).
 */
class FirestoreIndexesTest {
  private static final String COLLECTION = FirestoreRequestStore.DEFAULT_COLLECTION;
  private static final Path INDEXES_FILE =
      Path.of("").toAbsolutePath().resolve("../terraform/gcp/firestore-indexes.json").normalize();
  private static final Pattern QUERY_SHAPING = Pattern.compile("where.*|orderBy|findNearest");

  private static Firestore firestore;
  private static FirestoreQueries queries;

  @BeforeAll
  static void queries() {
    // No call is made: building a query needs a client, not a server.
    firestore = FirestoreClients.openEmulator("127.0.0.1:9", "jitgate-indexes", "(default)");
    queries = new FirestoreQueries(firestore.collection(COLLECTION));
  }

  @AfterAll
  static void close() throws Exception {
    firestore.close();
  }

  @Test
  void indexesFile_declaresExactlyTheCompositeIndexesTheQueriesNeed() throws Exception {
    Set<Index> required = new HashSet<>();
    for (Query query : everyQuery().values()) {
      CompositeIndexes.required(COLLECTION, query).ifPresent(required::add);
    }

    List<Index> declared = declaredIndexes();

    assertThat(declared).as("indexes declared twice").doesNotHaveDuplicates();
    assertThat(Set.copyOf(declared)).as("the indexes in %s", INDEXES_FILE).isEqualTo(required);
  }

  @Test
  void everyQuery_isListed() throws Exception {
    assertThat(everyQuery().keySet())
        .containsExactlyInAnyOrder(
            "due", "byRequester", "pendingFor", "waitingOnApproversFor", "byGrantKey", "auditHour");
  }

  @Test
  void due_needsStateKindAndDueAt() {
    Query due = queries.due("ACTIVE", List.of("azure.pim"), Timestamp.ofTimeSecondsAndNanos(0, 0));

    assertThat(fields(due))
        .containsExactly(
            Field.ordered("state", ASCENDING),
            Field.ordered("kind", ASCENDING),
            Field.ordered("dueAt", ASCENDING));
  }

  @Test
  void byRequester_needsRequesterAndCreatedAtDescending() {
    assertThat(fields(queries.byRequester("alice@example.com")))
        .containsExactly(
            Field.ordered("requester", ASCENDING), Field.ordered("createdAt", DESCENDING));
  }

  @Test
  void pendingFor_needsStateEntitlementAndCreatedAtDescending() {
    assertThat(fields(queries.pendingFor("PENDING", List.of("db-admin", "prod-read"))))
        .containsExactly(
            Field.ordered("state", ASCENDING),
            Field.ordered("entitlement", ASCENDING),
            Field.ordered("createdAt", DESCENDING));
  }

  @Test
  void byGrantKey_needsOnlySingleFieldIndexes() {
    // Equality filters only: Firestore merges the automatic single-field indexes.
    assertThat(CompositeIndexes.required(COLLECTION, queries.byGrantKey("k", "ACTIVE"))).isEmpty();
  }

  @Test
  void auditHour_needsOnlySingleFieldIndexes() {
    assertThat(CompositeIndexes.required(COLLECTION, queries.auditHour(1_700_000_000_000L)))
        .isEmpty();
  }

  @Test
  void derivation_followsFirestoresIndexRules() {
    CollectionReference c = firestore.collection(COLLECTION);

    assertThat(CompositeIndexes.required(COLLECTION, c.whereEqualTo("a", 1).whereEqualTo("b", 2)))
        .as("equality only")
        .isEmpty();
    assertThat(CompositeIndexes.required(COLLECTION, c.whereGreaterThan("a", 1).orderBy("a")))
        .as("one field")
        .isEmpty();
    assertThat(fields(c.whereEqualTo("a", 1).whereLessThan("b", 2)))
        .as("an inequality is ordered by implicitly")
        .containsExactly(Field.ordered("a", ASCENDING), Field.ordered("b", ASCENDING));
    assertThat(fields(c.whereEqualTo("a", 1).orderBy("b", Query.Direction.DESCENDING)))
        .containsExactly(Field.ordered("a", ASCENDING), Field.ordered("b", DESCENDING));
    assertThat(fields(c.whereArrayContains("tags", "x").orderBy("b")))
        .containsExactly(Field.contains("tags"), Field.ordered("b", ASCENDING));
    assertThat(fields(c.orderBy("a").orderBy("b", Query.Direction.DESCENDING)))
        .as("two orders")
        .containsExactly(Field.ordered("a", ASCENDING), Field.ordered("b", DESCENDING));
  }

  @Test
  void derivation_refusesShapesItDoesNotCover() {
    CollectionReference c = firestore.collection(COLLECTION);
    Query or =
        c.where(
            com.google.cloud.firestore.Filter.or(
                com.google.cloud.firestore.Filter.equalTo("a", 1),
                com.google.cloud.firestore.Filter.equalTo("b", 2)));

    assertThatThrownBy(() -> CompositeIndexes.required(COLLECTION, or.orderBy("c")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queries_areBuiltOnlyInFirestoreQueries() {
    // Otherwise a query built elsewhere would escape this test, and its index the JSON file.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(FirestoreQueries.class.getName())
        .should()
        .callMethodWhere(
            new DescribedPredicate<JavaMethodCall>("filter or order a Firestore query") {
              @Override
              public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isAssignableTo(Query.class)
                    && QUERY_SHAPING.matcher(call.getName()).matches();
              }
            })
        .because("every query must be listed, so that the index test sees it")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jitgate.gcp"));
  }

  /** Each query method of {@link FirestoreQueries} by name, called with sample arguments. */
  private static Map<String, Query> everyQuery() throws Exception {
    Map<String, Query> found = new LinkedHashMap<>();
    for (Method method : FirestoreQueries.class.getDeclaredMethods()) {
      if (method.isSynthetic()
          || Modifier.isStatic(method.getModifiers())
          || !Query.class.isAssignableFrom(method.getReturnType())) {
        continue;
      }
      Object[] arguments = new Object[method.getParameterCount()];
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = sample(method, method.getParameterTypes()[i]);
      }
      method.setAccessible(true);
      found.put(method.getName(), (Query) method.invoke(queries, arguments));
    }
    return found;
  }

  private static Object sample(Method method, Class<?> type) {
    if (type == String.class) {
      return "sample";
    }
    if (type == List.class) {
      return List.of("sample-1", "sample-2");
    }
    if (type == Long.class) {
      return 1_700_000_000_000L;
    }
    if (type == Timestamp.class) {
      return Timestamp.ofTimeSecondsAndNanos(1_700_000_000L, 0);
    }
    throw new IllegalStateException(
        "add a sample argument of " + type + " for FirestoreQueries." + method.getName());
  }

  private static List<Field> fields(Query query) {
    Optional<Index> index = CompositeIndexes.required(COLLECTION, query);
    assertThat(index).as("a composite index").isPresent();
    return index.orElseThrow().fields();
  }

  /** The indexes of the JSON file, its shape checked as the Terraform module reads it. */
  private static List<Index> declaredIndexes() throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(INDEXES_FILE));
    assertThat(fieldNames(root)).as("top-level keys").containsExactly("indexes");
    List<Index> indexes = new ArrayList<>();
    for (JsonNode index : root.get("indexes")) {
      assertThat(fieldNames(index)).containsExactlyInAnyOrder("collection", "fields");
      List<Field> fields = new ArrayList<>();
      for (JsonNode field : index.get("fields")) {
        Set<String> keys = fieldNames(field);
        assertThat(keys).as("keys of %s", field).hasSize(2).contains("field_path");
        if (keys.contains("order")) {
          assertThat(field.get("order").asText()).isIn(ASCENDING, DESCENDING);
          fields.add(Field.ordered(field.get("field_path").asText(), field.get("order").asText()));
        } else {
          assertThat(keys).as("keys of %s", field).contains("array_config");
          assertThat(field.get("array_config").asText()).isEqualTo(CompositeIndexes.CONTAINS);
          fields.add(Field.contains(field.get("field_path").asText()));
        }
      }
      assertThat(fields).as("a composite index has at least two fields").hasSizeGreaterThan(1);
      indexes.add(new Index(index.get("collection").asText(), List.copyOf(fields)));
    }
    return indexes;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> i = node.fieldNames(); i.hasNext(); ) {
      names.add(i.next());
    }
    return names;
  }
}
