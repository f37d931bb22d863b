package dev.jitgate.multicloud;

import dev.jitgate.aws.AwsProviders;
import dev.jitgate.aws.AwsWiring;
import dev.jitgate.aws.handler.ApiHandler;
import dev.jitgate.azure.AzureWiring;
import dev.jitgate.config.Environment;
import dev.jitgate.gcp.GcpProviders;
import dev.jitgate.gcp.GcpWiring;
import dev.jitgate.port.RequestStore;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the AWS, Azure and Google Cloud composition roots in this JVM, each with its own cloud's
 * providers (the production factories) against its own wire stub, all configured for the shared
 * store. Starting a root again on the same database is a deployment's restart.
 */
final class Deployments implements AutoCloseable {
  /** Retries happen without waiting; the exact call counts the tests assert would show them. */
  private static final Sleeper NO_WAIT = delay -> {};

  private final SharedSettings settings;
  private final CloudStubs stubs;
  private final People people;
  private final Clock clock;
  private final List<String> nativeStoresBuilt = new ArrayList<>();
  private final List<Deployment> started = new ArrayList<>();

  Deployments(SharedSettings settings, CloudStubs stubs, People people, Clock clock) {
    this.settings = settings;
    this.stubs = stubs;
    this.people = people;
    this.clock = clock;
  }

  /** The AWS root; {@code changes} on top of the shared settings. */
  AwsWiring awsRoot(Map<String, String> changes) {
    Environment env = settings.forDeployment("aws", changes);
    return new AwsWiring(
        env,
        clock,
        stubs.aws.clients,
        clients -> nativeStore("DynamoDB"),
        clients -> AwsProviders.fromEnvironment(clients, env, clock));
  }

  AzureWiring azureRoot(Map<String, String> changes) {
    return new AzureWiring(
        settings.forDeployment("azure", changes),
        clock,
        () -> nativeStore("Table storage"),
        stubs.azure.providers(clock, Backoff.DEFAULTS, NO_WAIT).all());
  }

  GcpWiring gcpRoot(Map<String, String> changes) {
    return new GcpWiring(
        settings.forDeployment("gcp", changes),
        clock,
        () -> nativeStore("Firestore"),
        GcpProviders.create(
            () -> stubs.google.projects,
            () -> stubs.google.folders,
            () -> stubs.google.organizations,
            () -> stubs.google.credentials,
            clock,
            NO_WAIT));
  }

  /** The AWS deployment behind API Gateway: its Lambda API handler. */
  Deployment aws() {
    AwsWiring root = awsRoot(Map.of());
    String base = SharedSettings.baseUrl("aws");
    return started(
        new Deployment(
            "aws",
            new ApiGatewayFrontDoor(new ApiHandler(root.router()), base),
            root.service(),
            people,
            clock));
  }

  /** The Azure deployment: its function app's API function, as the Java worker calls it. */
  Deployment azure() {
    AzureWiring root = azureRoot(Map.of());
    return started(
        new Deployment(
            "azure",
            new FunctionsWorkerFrontDoor(
                new dev.jitgate.azure.handler.ApiFunction(
                    root.router(), root.trustsClientPrincipal()),
                SharedSettings.baseUrl("azure")),
            root.service(),
            people,
            clock));
  }

  /** The Google Cloud deployment: its API function, served by the Functions Framework invoker. */
  Deployment gcp() throws Exception {
    GcpWiring root = gcpRoot(Map.of());
    return started(
        new Deployment(
            "gcp",
            new InvokerFrontDoor(new dev.jitgate.gcp.handler.ApiFunction(root.router())),
            root.service(),
            people,
            clock));
  }

  /** The platforms' own stores that a root built: none, on the shared store. */
  List<String> nativeStoresBuilt() {
    return List.copyOf(nativeStoresBuilt);
  }

  private Deployment started(Deployment deployment) {
    started.add(deployment);
    return deployment;
  }

  private RequestStore nativeStore(String which) {
    nativeStoresBuilt.add(which);
    throw new IllegalStateException("the " + which + " store was built, not the shared one");
  }

  @Override
  public void close() {
    started.forEach(Deployment::close);
  }
}
