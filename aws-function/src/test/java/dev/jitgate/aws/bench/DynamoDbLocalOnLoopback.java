package dev.jitgate.aws.bench;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * DynamoDB Local, in memory and without telemetry, listening on 127.0.0.1 only: its own runner
 * binds every interface and has no option to change that. Writes the port it got to the file given,
 * then serves until killed.
 *
 * <p>Only DynamoDB Local's request handlers are used, in a Jetty server of our own. Its telemetry
 * is sent by its runner and proxy server, which are not used, and the telemetry clients are not
 * even on the classpath (the POM excludes them).
 */
public final class DynamoDbLocalOnLoopback {
  private DynamoDbLocalOnLoopback() {}

  public static void main(String[] args) throws Exception {
    ServerConnector connector = start();
    Path portFile = Path.of(args[0]);
    Path partial = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(partial, Integer.toString(connector.getLocalPort()), StandardCharsets.UTF_8);
    Files.move(partial, portFile);
    connector.getServer().join();
  }

  /** Starts the server in this JVM; its connector tells the port. */
  static ServerConnector start() throws Exception {
    // As its runner builds them for -inMemory: not shared, no transient statuses, default CORS.
    LocalDynamoDBServerHandler handler =
        new LocalDynamoDBServerHandler(
            new LocalDynamoDBRequestHandler(0, true, null, false, false), null);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    // The context DynamoDBProxyServer.setUpHandler builds around the handler.
    ContextHandler context = new ContextHandler();
    context.setHandler(handler);
    server.setHandler(new ContextHandlerCollection(context));
    server.start();
    return connector;
  }
}
