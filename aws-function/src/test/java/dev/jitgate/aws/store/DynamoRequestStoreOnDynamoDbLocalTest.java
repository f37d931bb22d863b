package dev.jitgate.aws.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.RequestStoreContract;
import dev.jitgate.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The store contract, and DynamoDB's limits and errors, on a real DynamoDB Local. */
class DynamoRequestStoreOnDynamoDbLocalTest extends RequestStoreContract {
  private static DynamoDbLocal dynamo;
  private String table;
  private DynamoRequestStore store;

  @BeforeAll
  static void start() throws Exception {
    dynamo = DynamoDbLocal.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (dynamo != null) {
      dynamo.stop();
    }
  }

  @BeforeEach
  void freshTable() {
    table = dynamo.createTable();
    store = new DynamoRequestStore(dynamo.client(), table);
  }

  @AfterEach
  void dropTable() {
    dynamo.deleteTable(table);
  }

  @Override
  protected RequestStore store() {
    return store;
  }

  @Test
  void server_listensOnLoopbackOnly() throws IOException {
    assertThat(dynamo.host()).isEqualTo("127.0.0.1");
    InetAddress external =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst()
            .orElse(null);
    assumeTrue(external != null, "this machine has no address other than loopback");

    int port = dynamo.endpoint().getPort();
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external, port), 1_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void constructor_sendsNothing_andTheFirstCallFailsNamingTheOperation() throws IOException {
    try (DynamoDbClient unreachable = unreachableClient()) {
      DynamoRequestStore offline = new DynamoRequestStore(unreachable, "jitgate-requests");
      RequestId id = RequestId.random();

      assertThatThrownBy(() -> offline.get(id))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("the request store could not read request " + id);
    }
  }

  @Test
  void constructor_whenTheTableNameIsTooShort_isRefused() {
    assertThatThrownBy(() -> new DynamoRequestStore(dynamo.client(), "jg"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_whenTheTableIsMissing_namesTheOperationAndErrorButNotTheContents() {
    DynamoRequestStore missing = new DynamoRequestStore(dynamo.client(), "no-such-table");
    AccessRequest r = request().justification("a secret-looking justification").pending();

    assertThatThrownBy(() -> missing.create(r))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the request store could not create request " + r.id() + " (ResourceNotFoundException)")
        .hasCauseInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void create_whenTheItemWouldPassDynamoDbsLimit_isRefusedBeforeAnythingIsSent()
      throws IOException {
    AccessRequest huge = request().justification("x".repeat(250_000)).pending();
    assertThat(documentBytes(huge)).isGreaterThan(400 * 1024);

    try (DynamoDbClient unreachable = unreachableClient()) {
      DynamoRequestStore offline = new DynamoRequestStore(unreachable, "jitgate-requests");

      // Against an endpoint where nothing listens: only a check made before sending answers so.
      assertThatThrownBy(() -> offline.create(huge))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("request " + huge.id() + " is too large to store in DynamoDB")
          .hasNoCause();
    }
  }

  @Test
  void create_whenTheItemIsAboveTheSafeBoundButUnder400Kb_isRefusedAndNothingIsStored() {
    AccessRequest large = request().justification("x".repeat(180_000)).pending();
    assertThat(documentBytes(large)).isBetween(RequestItems.MAX_ITEM_BYTES, 390 * 1024);

    assertThatThrownBy(() -> store.create(large))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(large.id().value())
        .hasNoCause();
    assertThat(store.get(large.id())).isEmpty();
  }

  @Test
  void create_whenTheItemIsLargeButUnderTheBound_roundTrips() {
    AccessRequest large = request().justification("é".repeat(70_000)).pending();
    assertThat(documentBytes(large)).isBetween(250 * 1024, RequestItems.MAX_ITEM_BYTES - 2048);

    store.create(large);

    assertThat(store.get(large.id())).contains(large);
  }

  @Test
  void update_whenTheNextItemIsTooLarge_isRefusedAndKeepsTheStoredRequest() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest grown =
        pending.record(
            AuditType.NOTIFIED, "jitgate", Map.of("to", "y".repeat(400_000)), T0.plus(STEP));

    assertThatThrownBy(() -> store.update(grown, pending.version()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("request " + pending.id() + " is too large");
    assertThat(store.get(pending.id())).contains(pending);
  }

  @Test
  void update_whenMissing_returnsFalseAndCreatesNoRequestItem() {
    AccessRequest pending = request().pending();
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));

    assertThat(store.update(approved, pending.version())).isFalse();
    // The audit-hour index items are put first and may stay (the export reads past them); no
    // request item may appear.
    assertThat(
            dynamo.client().scan(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("REQ#")))
        .isEmpty();
  }

  /** The UTF-8 size of the request's document, which is nearly all of its item. */
  private static int documentBytes(AccessRequest r) {
    return RequestDocument.toJson(r).getBytes(StandardCharsets.UTF_8).length;
  }

  /** A client for a loopback port where nothing listens, that gives up on the first refusal. */
  private static DynamoDbClient unreachableClient() throws IOException {
    return DynamoDbClient.builder()
        .endpointOverride(deadEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static URI deadEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
