package dev.jitgate.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import dev.jitgate.config.Environment;
import dev.jitgate.gcp.store.FirestoreClients;
import dev.jitgate.gcp.store.FirestoreRequestStore;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.RequestStore;
import dev.jitgate.retry.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The Google Cloud clients of one function instance, each made on first use with the application
 * default credentials (on Cloud Functions, the function's service account): Firestore for the
 * store, Resource Manager and IAM Credentials for the providers. The providers' clients are made at
 * their first grant, revoke or token, so that a start that only serves the API creates none of
 * their gRPC channels.
 */
final class GcpClients {
  static final String PROJECT = "JITGATE_GCP_PROJECT";
  static final String DATABASE = "JITGATE_FIRESTORE_DATABASE";
  static final String COLLECTION = "JITGATE_FIRESTORE_COLLECTION";

  /** Set by Google's emulator tooling; the Firestore client honours it on its own. */
  static final String EMULATOR = "FIRESTORE_EMULATOR_HOST";

  private final Environment env;

  private GcpClients(Environment env) {
    this.env = env;
  }

  static GcpClients fromEnvironment(Environment env) {
    return new GcpClients(env);
  }

  /** The Firestore store of {@code JITGATE_GCP_PROJECT} (or the runtime's project). */
  RequestStore store() {
    String project =
        env.optional(PROJECT)
            .or(() -> env.optional("GOOGLE_CLOUD_PROJECT"))
            .orElseThrow(
                () -> env.invalid(PROJECT, "is required: the project of the Firestore database"));
    String database = env.get(DATABASE, FirestoreClients.DEFAULT_DATABASE);
    Firestore firestore =
        env.optional(EMULATOR).isPresent()
            ? FirestoreClients.openEmulator(env.optional(EMULATOR).get(), project, database)
            : FirestoreClients.open(project, database);
    return FirestoreRequestStore.connect(
        firestore, env.get(COLLECTION, FirestoreRequestStore.DEFAULT_COLLECTION));
  }

  /** The IAM binding and service-account token providers. */
  List<AccessProvider> providers(Clock clock) {
    return GcpProviders.create(
        () -> client("Resource Manager projects", ProjectsClient::create),
        () -> client("Resource Manager folders", FoldersClient::create),
        () -> client("Resource Manager organizations", OrganizationsClient::create),
        () -> client("IAM Credentials", IamCredentialsClient::create),
        clock,
        Sleeper.SYSTEM);
  }

  /** A client Google's library makes from the application default credentials. */
  private static <T> T client(String what, ClientFactory<T> factory) {
    try {
      return factory.create();
    } catch (IOException | RuntimeException e) {
      throw new ProviderException(
          "cannot create the " + what + " client (application default credentials): " + e, e);
    }
  }

  @FunctionalInterface
  private interface ClientFactory<T> {
    T create() throws IOException;
  }
}
