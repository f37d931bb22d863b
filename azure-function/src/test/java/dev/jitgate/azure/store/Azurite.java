package dev.jitgate.azure.store;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Azurite Table service (npm {@code azurite}, from {@code azure-function/node_modules}), in
 * memory, on a loopback port of its own, started before a test class and stopped after it. Register
 * it with {@code @RegisterExtension static final Azurite AZURITE = new Azurite();}.
 *
 * <p>When Azurite is not installed the tests fail, naming the command that installs it.
 */
public final class Azurite implements BeforeAllCallback, AfterAllCallback {

  static final String INSTALL = "npm ci --prefix azure-function";

  // Azurite's well-known development account, documented by Microsoft; it guards nothing.
  private static final String ACCOUNT = "devstoreaccount1";
  private static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final String READY = "successfully started";
  private static final long START_SECONDS = 30;
  private static final AtomicInteger TABLES = new AtomicInteger();

  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    stop();
  }

  /**
   * Starts Azurite on a free loopback port and returns when it is ready; outside JUnit (the cold
   * start bench), call it directly.
   */
  public void start() throws IOException, InterruptedException {
    Path executable = moduleDir().resolve("node_modules/.bin/azurite-table");
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "Azurite is not installed (no "
              + executable
              + "). From the repository root, run: "
              + INSTALL);
    }
    port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                executable.toString(),
                "--inMemoryPersistence",
                "--disableTelemetry",
                "--silent",
                "--tableHost",
                "127.0.0.1",
                "--tablePort",
                Integer.toString(port))
            .redirectErrorStream(true);
    process = builder.start();
    // Should the test JVM end without afterAll (a failure in another extension, Ctrl-C).
    ProcessHandle started = process.toHandle();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.descendants().forEach(ProcessHandle::destroyForcibly);
                  started.destroyForcibly();
                }));
    awaitReady();
  }

  /** Stops Azurite and whatever it started. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    process = null;
  }

  String host() {
    return "127.0.0.1";
  }

  int port() {
    return port;
  }

  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + KEY
        + ";TableEndpoint=http://127.0.0.1:"
        + port
        + "/"
        + ACCOUNT
        + ";";
  }

  /** A new, empty table's name. */
  public String newTableName() {
    return "jitgate" + TABLES.incrementAndGet();
  }

  /** A client for {@code table}, as the store builds one, with {@code policies} added. */
  TableClient client(String table, HttpPipelinePolicy... policies) {
    TableClientBuilder builder =
        TableClients.builder().connectionString(connectionString()).tableName(table);
    for (HttpPipelinePolicy policy : policies) {
      builder.addPolicy(policy);
    }
    return builder.buildClient();
  }

  /** A client for a new table, created. */
  public TableClient newTable(HttpPipelinePolicy... policies) {
    TableClient client = client(newTableName(), policies);
    client.createTable();
    return client;
  }

  /**
   * The module directory: the working directory under Maven (surefire runs in the module), or the
   * {@code azure-function} directory in it or in one of its parents (an IDE at the repository
   * root).
   */
  static Path moduleDir() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (isModule(dir)) {
        return dir;
      }
      if (isModule(dir.resolve("azure-function"))) {
        return dir.resolve("azure-function");
      }
    }
    throw new IllegalStateException(
        "cannot find the azure-function module (with its package.json) from " + cwd);
  }

  private static boolean isModule(Path dir) {
    return dir.getFileName() != null
        && dir.getFileName().toString().equals("azure-function")
        && Files.isRegularFile(dir.resolve("package.json"))
        && Files.isRegularFile(dir.resolve("pom.xml"));
  }

  private void awaitReady() throws InterruptedException, IOException {
    List<String> output = new ArrayList<>();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  if (line.contains(READY)) {
                    ready.complete(true);
                  }
                }
                ready.complete(false);
              } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "azurite-output");
    reader.setDaemon(true);
    reader.start();
    boolean started;
    try {
      started = ready.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      started = false;
    }
    if (!started) {
      stop();
      synchronized (output) {
        throw new IOException(
            "Azurite did not start on 127.0.0.1:"
                + port
                + " within "
                + START_SECONDS
                + " s; its output: "
                + String.join(" | ", output));
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
