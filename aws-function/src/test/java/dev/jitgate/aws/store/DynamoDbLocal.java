package dev.jitgate.aws.store;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB Local server in this JVM, in memory, listening on loopback only, with a client
 * for it. Its SQLite native library comes from inside the DynamoDBLocal jar, which extracts it to
 * java.io.tmpdir on first use.
 *
 * <p>The server is assembled the way {@code ServerRunner.createServer} does it for {@code
 * -inMemory} (a {@code LocalDynamoDBRequestHandler} behind a {@code LocalDynamoDBServerHandler} in
 * Jetty), minus two parts. {@code ServerRunner} and {@code DynamoDBProxyServer} refer to the
 * Pinpoint telemetry client, which this build excludes because it does not resolve at the SDK's
 * version, so they cannot even be loaded; leaving them out also means no telemetry code runs at
 * all. And their Jetty server binds every interface, with no option for the address; ours binds
 * loopback, on a port the kernel picks.
 */
final class DynamoDbLocal {

  private static final AtomicInteger TABLES = new AtomicInteger();

  private final Server server;
  private final ServerConnector connector;
  private final DynamoDbClient client;

  private DynamoDbLocal(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
    this.client = client(endpoint());
  }

  /** Starts a server on a free loopback port. */
  static DynamoDbLocal start() throws Exception {
    // The arguments ServerRunner passes for -inMemory: authority level 0, no db file, one database
    // per credentials and region, no delayed table statuses.
    LocalDynamoDBRequestHandler dynamo =
        new LocalDynamoDBRequestHandler(0, true, null, false, false);
    ContextHandler context = new ContextHandler();
    context.setHandler(new LocalDynamoDBServerHandler(dynamo, null));
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    return new DynamoDbLocal(server, connector);
  }

  /** A client as the composition root builds one, but for this server and fake credentials. */
  static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  DynamoDbClient client() {
    return client;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** The address the server listens on. */
  String host() {
    return connector.getHost();
  }

  /** Creates a new, empty request table and returns its name. */
  String createTable() {
    String name = "jitgate-requests-" + TABLES.incrementAndGet();
    client.createTable(DynamoRequestStore.tableDefinition(name));
    client.waiter().waitUntilTableExists(b -> b.tableName(name)).matched();
    return name;
  }

  void deleteTable(String name) {
    client.deleteTable(b -> b.tableName(name));
  }

  /** Closes the client and stops the server. */
  void stop() throws Exception {
    client.close();
    server.stop();
  }
}
