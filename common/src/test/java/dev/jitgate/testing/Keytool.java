package dev.jitgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's {@code keytool} in a directory, the store password passed in its environment. */
final class Keytool {
  private static final long TIMEOUT_SECONDS = 60;
  private static final String PASSWORD_VARIABLE = "JITGATE_TEST_STOREPASS";

  private final Path directory;
  private final String storePassword;

  Keytool(Path directory, String storePassword) {
    this.directory = directory;
    this.storePassword = storePassword;
  }

  /** The password of every store this runner makes, for loading them. */
  char[] storePassword() {
    return storePassword.toCharArray();
  }

  /**
   * Runs {@code keytool <command> -storetype PKCS12 -storepass:env ... <arguments>}, and fails with
   * keytool's own output when it exits non-zero or runs past the time limit.
   */
  void run(String command, String... arguments) throws IOException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // keytool runs for a moment: with the quick compiler alone it starts in about half the time.
    line.add("-J-XX:TieredStopAtLevel=1");
    line.add(command);
    line.addAll(List.of("-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE));
    line.addAll(List.of(arguments));
    Path log = directory.resolve("keytool.log");
    ProcessBuilder builder =
        new ProcessBuilder(line)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put(PASSWORD_VARIABLE, storePassword);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "keytool " + command + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool " + command + " ran", e);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8).strip();
    Files.delete(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          "keytool " + command + " failed with exit code " + process.exitValue() + ": " + output);
    }
  }
}
