package dev.jitgate.gcp.bench;

import com.google.cloud.firestore.Firestore;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.gcp.FakeServiceAccountKey;
import dev.jitgate.gcp.store.FirestoreEmulator;
import dev.jitgate.gcp.store.FirestoreRequestStore;
import dev.jitgate.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The Google side of {@code bench/gcp-cold-start}: {@code GoogleOnLoopback DIR POLICY PROJECT}
 * starts Google's Firestore emulator on 127.0.0.1, stores in project {@code PROJECT} one request of
 * the bench's requester for {@code gcp-prod-storage-admin} of {@code POLICY}, writes into {@code
 * DIR} {@code key.json}, a service-account key for the application default credentials, and then
 * {@code firestore.host} (host and port). Serves until killed, and stops the emulator then.
 */
public final class GoogleOnLoopback {
  /** The bench's requester; the bench has the identity provider sign a token for it. */
  static final String REQUESTER = "alice@example.com";

  /** What the stored request says, and what the function's first response must show. */
  static final String JUSTIFICATION = "INC-4711: cold-start bench";

  private GoogleOnLoopback() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: GoogleOnLoopback DIR POLICY PROJECT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Policy policy = Policy.load(Path.of(args[1]));
    String project = args[2];
    // Closed by its own shutdown hook when the bench kills this JVM.
    FirestoreEmulator emulator = FirestoreEmulator.start();
    try (Firestore firestore = emulator.client(project)) {
      AccessRequest request =
          AccessRequest.submit(
              RequestId.random(),
              policy.entitlement(new EntitlementId("gcp-prod-storage-admin")).orElseThrow(),
              Caller.of(REQUESTER, "sre"),
              Duration.ofHours(1),
              JUSTIFICATION,
              Instant.now());
      FirestoreRequestStore.connect(firestore, FirestoreRequestStore.DEFAULT_COLLECTION)
          .create(request);
      System.out.println("stored request " + request.id() + " in project " + project);
    }
    FakeServiceAccountKey.write(dir.resolve("key.json"), project);
    Path partial = dir.resolve("firestore.host.tmp");
    Files.writeString(partial, emulator.hostAndPort(), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("firestore.host"));
    Thread.currentThread().join();
  }
}
