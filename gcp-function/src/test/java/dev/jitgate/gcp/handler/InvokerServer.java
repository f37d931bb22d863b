package dev.jitgate.gcp.handler;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Google's Functions Framework invoker, started in this JVM on a loopback port, serving a function
 * that tests choose. The invoker binds every address and has no option to bind one, so its
 * connector is moved to 127.0.0.1 as soon as it has started (VERSIONS.md).
 */
public final class InvokerServer implements AutoCloseable {
  private static final AtomicReference<HttpFunction> FUNCTION = new AtomicReference<>();

  private final Invoker invoker;
  private final int port;

  private InvokerServer(Invoker invoker, int port) {
    this.invoker = invoker;
    this.port = port;
  }

  /** Serves {@code function} through the invoker, which instantiates {@link Target} for it. */
  public static InvokerServer serving(HttpFunction function) throws Exception {
    FUNCTION.set(function);
    int port = freePort();
    Invoker invoker =
        new Invoker(port, Target.class.getName(), "http", InvokerServer.class.getClassLoader());
    invoker.startTestServer();
    onLoopbackOnly(invoker);
    return new InvokerServer(invoker, port);
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** The host the invoker's connector listens on, after the move. */
  String boundHost() throws Exception {
    return ((ServerConnector) server(invoker).getConnectors()[0]).getHost();
  }

  @Override
  public void close() {
    try {
      invoker.stopServer();
    } catch (Exception e) {
      throw new IllegalStateException("the invoker did not stop", e);
    } finally {
      FUNCTION.set(null);
    }
  }

  private static void onLoopbackOnly(Invoker invoker) throws Exception {
    for (Connector connector : server(invoker).getConnectors()) {
      if (connector instanceof ServerConnector network) {
        network.stop();
        network.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        network.start();
      }
    }
  }

  private static Server server(Invoker invoker) throws Exception {
    Field field = Invoker.class.getDeclaredField("server");
    field.setAccessible(true);
    return (Server) field.get(invoker);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** What the invoker loads by name and makes with its no-argument constructor. */
  public static final class Target implements HttpFunction {
    private final HttpFunction delegate = FUNCTION.get();

    @Override
    public void service(
        com.google.cloud.functions.HttpRequest request,
        com.google.cloud.functions.HttpResponse response)
        throws Exception {
      delegate.service(request, response);
    }
  }
}
