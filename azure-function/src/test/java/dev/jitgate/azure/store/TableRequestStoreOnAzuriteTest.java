package dev.jitgate.azure.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.RequestStore;
import dev.jitgate.store.RequestStoreContract;
import dev.jitgate.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract, and Azure's limits and errors, on a real Azurite. */
class TableRequestStoreOnAzuriteTest extends RequestStoreContract {
  @RegisterExtension static final Azurite AZURITE = new Azurite();

  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private TableClient table;
  private TableRequestStore store;

  @BeforeEach
  void freshTable() {
    table = AZURITE.newTable();
    store = new TableRequestStore(table, CLOCK);
  }

  @AfterEach
  void dropTable() {
    table.deleteTable();
  }

  @Override
  protected RequestStore store() {
    return store;
  }

  @Test
  void azurite_listensOnLoopbackOnly() throws IOException {
    InetAddress external =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst()
            .orElse(null);
    assumeTrue(external != null, "this machine has no address other than loopback");

    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external, AZURITE.port()), 1_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void create_whenTheDocumentIsLargerThanOneProperty_splitsItAndReadsItBack() {
    // ASCII only: Azurite 3.35.0 joins the request body's buffers as strings, so a multi-byte
    // UTF-8 character that straddles two of them arrives as two U+FFFD. Azure itself keeps them;
    // RequestEntitiesTest covers characters at chunk boundaries.
    AccessRequest large = request().justification("0123456789abcdef".repeat(12_000)).pending();

    store.create(large);

    assertThat(store.get(large.id())).contains(large);
    TableEntity entity = table.getEntity(RequestEntities.partition(large.id()), "doc");
    int chunks = (Integer) entity.getProperty("chunks");
    assertThat(chunks).isGreaterThan(10);
    for (int i = 0; i < chunks; i++) {
      assertThat(((String) entity.getProperty("doc" + i)).length()).isLessThanOrEqualTo(32_768);
    }
  }

  @Test
  void create_justUnderOneMebibyte_roundTrips() {
    AccessRequest probe = request().justification("").pending();
    long rest = RequestEntities.size(RequestEntities.entity(probe, IndexEntries.of(probe)));
    // Each of the ~17 chunks a mebibyte takes adds 22 bytes: 8, 2 per letter of "docNN", 4. The
    // justification is in the document twice (the request and its SUBMITTED event), 2 bytes per
    // character each time.
    long room = RequestEntities.MAX_ENTITY_BYTES - rest - 1000;
    AccessRequest large = request().justification("y".repeat((int) (room / 4))).pending();
    long size = RequestEntities.size(RequestEntities.entity(large, IndexEntries.of(large)));
    assertThat(size)
        .isBetween(RequestEntities.MAX_ENTITY_BYTES - 1024, RequestEntities.MAX_ENTITY_BYTES);

    store.create(large);

    assertThat(store.get(large.id())).contains(large);
  }

  @Test
  void create_overOneMebibyte_isRefusedAndNothingIsWritten() {
    // 300,000 characters, twice in the document, are 1.2 MB in UTF-16 as Azure counts them; Azurite
    // would take them.
    AccessRequest huge = request().justification("z".repeat(300_000)).pending();

    assertThatThrownBy(() -> store.create(huge))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("request " + huge.id() + " is too large to store")
        .hasMessageContaining("Azure allows 1 MiB")
        .hasNoCause();
    assertThat(table.listEntities()).isEmpty();
  }

  @Test
  void create_overOneMebibyte_isRefusedBeforeAnythingIsSent() throws IOException {
    AccessRequest huge = request().justification("z".repeat(300_000)).pending();
    TableRequestStore offline = new TableRequestStore(unreachableClient(), CLOCK);

    // Against a port where nothing listens: only a check made before sending answers so.
    assertThatThrownBy(() -> offline.create(huge))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is too large to store in Azure Table storage")
        .hasNoCause();
  }

  @Test
  void update_whenTheNextVersionIsOverOneMebibyte_isRefusedAndKeepsTheStoredRequest() {
    AccessRequest pending = request().pending();
    store.create(pending);
    List<TableEntity> before = table.listEntities().stream().toList();
    AccessRequest grown =
        pending.record(
            AuditType.NOTIFIED, "jitgate", Map.of("to", "y".repeat(600_000)), T0.plus(STEP));

    assertThatThrownBy(() -> store.update(grown, pending.version()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("request " + pending.id() + " is too large");
    assertThat(store.get(pending.id())).contains(pending);
    assertThat(table.listEntities()).hasSameSizeAs(before);
  }

  @Test
  void update_whenMissing_returnsFalseAndWritesNoIndexEntity() {
    AccessRequest pending = request().pending();
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));

    assertThat(store.update(approved, pending.version())).isFalse();
    assertThat(table.listEntities()).isEmpty();
  }

  @Test
  void get_whenTheServerIsUnreachable_failsNamingTheOperation() throws IOException {
    TableRequestStore offline = new TableRequestStore(unreachableClient(), CLOCK);
    RequestId id = RequestId.random();

    assertThatThrownBy(() -> offline.get(id))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the request store could not read request " + id + " (");
  }

  @Test
  void create_whenTheTableIsMissing_namesTheOperationAndErrorButNotTheContents() {
    TableRequestStore missing = new TableRequestStore(AZURITE.client("nosuchtable"), CLOCK);
    AccessRequest r = request().justification("a secret-looking justification").pending();

    assertThatThrownBy(() -> missing.create(r))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "the request store could not create request " + r.id() + " (HTTP 404 TableNotFound)");
  }

  @Test
  void createTableIfMissing_createsItOnceAndThenLeavesItAlone() {
    String name = AZURITE.newTableName();
    TableRequestStore fresh =
        TableRequestStore.connectWithConnectionString(AZURITE.connectionString(), name, CLOCK);

    fresh.createTableIfMissing().createTableIfMissing();
    AccessRequest r = request().pending();
    fresh.create(r);

    assertThat(fresh.get(r.id())).contains(r);
    AZURITE.client(name).deleteTable();
  }

  @Test
  void connectWithConnectionString_whenInvalid_failsWithoutQuotingIt() {
    String secret = "AccountKey=c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

    assertThatThrownBy(
            () ->
                TableRequestStore.connectWithConnectionString(
                    "AccountName=;" + secret, "jitgaterequests", CLOCK))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("the Table storage connection string is not valid")
        .hasNoCause()
        .message()
        .doesNotContain("c2VjcmV0");
  }

  @Test
  void constructor_whenTheTableNameIsNotLettersAndDigits_isRefused() {
    assertThatThrownBy(() -> new TableRequestStore(AZURITE.client("jitgate-requests"), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitgate-requests");
  }

  /** A client for a loopback port where nothing listens, that gives up on the first failure. */
  private static TableClient unreachableClient() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String connectionString =
        AZURITE.connectionString().replace(":" + AZURITE.port() + "/", ":" + port + "/");
    return TableClients.builder()
        .connectionString(connectionString)
        .tableName("jitgaterequests")
        .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
        .buildClient();
  }
}
