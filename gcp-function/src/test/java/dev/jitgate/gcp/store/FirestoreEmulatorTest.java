package dev.jitgate.gcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The test helper that runs Google's Firestore emulator: where it listens, how it stops. */
@ExtendWith(OnFirestoreEmulator.class)
class FirestoreEmulatorTest {

  @Test
  void start_whenTheLauncherIsMissing_failsWithTheCommandThatInstallsIt(@TempDir Path dir) {
    Path missing = dir.resolve("cloud_firestore_emulator");

    assertThatThrownBy(() -> FirestoreEmulator.start(missing))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(missing + " is missing")
        .hasMessageContaining("sudo apt-get install google-cloud-cli-firestore-emulator")
        .hasMessageContaining("Google Cloud's apt source")
        .hasMessageContaining("https://packages.cloud.google.com/apt cloud-sdk main");
  }

  @Test
  void defaultLauncher_isTheDebianPackagesScript() {
    assertThat(FirestoreEmulator.DEFAULT_LAUNCHER)
        .hasFileName("cloud_firestore_emulator")
        .startsWith(Path.of("/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator"));
  }

  @Test
  void emulator_listensOnLoopbackOnly(FirestoreEmulator emulator) throws IOException {
    assertThat(emulator.host()).isEqualTo("127.0.0.1");
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress(emulator.host(), emulator.port()), 1_000);
    }
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
                socket.connect(new InetSocketAddress(external, emulator.port()), 1_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void close_stopsTheLauncherAndTheEmulatorsJvm() {
    FirestoreEmulator own = FirestoreEmulator.start();
    List<ProcessHandle> processes = own.processes();
    assertThat(processes).as("the launcher script and the JVM it runs").hasSizeGreaterThan(1);
    assertThat(processes).allMatch(ProcessHandle::isAlive);

    own.close();

    assertThat(processes).noneMatch(ProcessHandle::isAlive);
  }
}
