package dev.jitgate.local;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.token.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The local runner's two keys, each in its own owner-only file of the data folder so that they
 * survive a restart: {@code signing-key} signs approval links (delete it and every link stops
 * working); {@code audit-key} seals audit events (delete it and every stored chain stops
 * verifying). Deployments take their keys from a secret store instead.
 */
final class KeyFiles {
  static final String SIGNING_KEY_ID = "local-1";
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFiles() {}

  static SigningKey signingKey(Path data) {
    byte[] secret = loadOrCreate(data, "signing-key", "old links stop working");
    try {
      return new SigningKey(SIGNING_KEY_ID, secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  static AuditKey auditKey(Path data) {
    byte[] secret = loadOrCreate(data, "audit-key", "stored audit chains stop verifying");
    try {
      return new AuditKey(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] loadOrCreate(Path data, String name, String consequence) {
    Path file = data.resolve(name);
    try {
      if (Files.exists(file)) {
        byte[] secret =
            Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        if (secret.length < KEY_BYTES) {
          throw new IllegalArgumentException("too short");
        }
        return secret;
      }
      byte[] secret = new byte[KEY_BYTES];
      RANDOM.nextBytes(secret);
      Path temp = Files.createTempFile(data, name, ".tmp");
      trySetOwnerOnly(temp);
      Files.writeString(
          temp, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the " + name + " in " + data, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          file + " does not hold a valid key; delete it to make a new one (" + consequence + ")");
    }
  }

  private static void trySetOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system; the folder's own permissions apply.
    }
  }
}
