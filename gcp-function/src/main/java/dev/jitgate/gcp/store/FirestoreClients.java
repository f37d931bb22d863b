package dev.jitgate.gcp.store;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.util.Objects;

/** Builds the Firestore client the store runs on, over gRPC. */
public final class FirestoreClients {

  /** The database id when the deployment sets none ({@code JITGATE_FIRESTORE_DATABASE}). */
  public static final String DEFAULT_DATABASE = "(default)";

  private FirestoreClients() {}

  /**
   * A client for database {@code databaseId} of project {@code projectId}, authenticated with the
   * application default credentials (on Cloud Functions, the function's service account). Like
   * every Google client, it goes to the emulator instead when {@code FIRESTORE_EMULATOR_HOST} is
   * set. Build it once and keep it: it holds a connection pool.
   */
  public static Firestore open(String projectId, String databaseId) {
    return FirestoreOptions.newBuilder()
        .setProjectId(requireText(projectId, "project id"))
        .setDatabaseId(requireText(databaseId, "database id"))
        .build()
        .getService();
  }

  /**
   * A client for the Firestore emulator at {@code hostAndPort}. Only the emulator host and the
   * project are set: the client then talks plain gRPC to it with the emulator's owner credentials.
   * Setting {@code NoCredentials} as well would send it to the real endpoint.
   */
  public static Firestore openEmulator(String hostAndPort, String projectId, String databaseId) {
    return FirestoreOptions.newBuilder()
        .setEmulatorHost(requireText(hostAndPort, "emulator host"))
        .setProjectId(requireText(projectId, "project id"))
        .setDatabaseId(requireText(databaseId, "database id"))
        .build()
        .getService();
  }

  private static String requireText(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("the Firestore " + what + " is empty");
    }
    return value;
  }
}
