package dev.jitgate.azure.bench;

import dev.jitgate.azure.store.Azurite;
import dev.jitgate.azure.store.TableRequestStore;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The Table service of {@code bench/azure-cold-start}: starts Azurite (in memory, telemetry off, on
 * a free 127.0.0.1 port), creates the table, stores one pending request of the bench's caller, and
 * writes the connection string into {@code azurite.connection} in the directory given once all that
 * is done. Serves until killed; Azurite stops with it.
 *
 * <p>Arguments: {@code DIR TABLE POLICY-FILE EMAIL OID}, the caller's address and Entra object id.
 */
public final class AzuriteOnLoopback {
  private AzuriteOnLoopback() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: AzuriteOnLoopback DIR TABLE POLICY-FILE EMAIL OID");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Azurite azurite = new Azurite();
    // Also stopped by the shutdown hook Azurite registers, when the bench kills this JVM.
    azurite.start();
    Clock clock = Clock.systemUTC();
    TableRequestStore store =
        TableRequestStore.connectWithConnectionString(azurite.connectionString(), args[1], clock)
            .createTableIfMissing();
    Entitlement entitlement =
        Policy.load(Path.of(args[2]))
            .entitlement(new EntitlementId(ColdStartProbe.ENTITLEMENT))
            .orElseThrow(
                () -> new IllegalArgumentException("no " + ColdStartProbe.ENTITLEMENT + " there"));
    UserId email = new UserId(args[3]);
    Caller caller =
        new Caller(
            "sub-bench", email, Set.of("sre"), Map.of(PrincipalId.ENTRA_OBJECT_ID_CLAIM, args[4]));
    AccessRequest request =
        AccessRequest.submit(
            RequestId.random(),
            entitlement,
            caller,
            Duration.ofHours(1),
            ColdStartProbe.JUSTIFICATION,
            clock.instant());
    store.create(request);
    System.out.println("created table " + args[1] + " with request " + request.id());
    Path partial = dir.resolve("azurite.connection.tmp");
    Files.writeString(partial, azurite.connectionString(), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("azurite.connection"));
    Thread.currentThread().join();
  }
}
