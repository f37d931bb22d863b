package dev.jitgate.local;

import dev.jitgate.token.ApprovalTokens;
import dev.jitgate.token.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The local runner's approval-link key, kept in the data folder (owner-only) so that links in the
 * outbox still work after a restart. Deployments take their keys from a secret store instead.
 */
final class SigningKeyFile {
  static final String KEY_ID = "local-1";

  private SigningKeyFile() {}

  static SigningKey loadOrCreate(Path data) {
    Path file = data.resolve("signing-key");
    try {
      if (Files.exists(file)) {
        byte[] secret =
            Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        return new SigningKey(KEY_ID, secret);
      }
      SigningKey key = ApprovalTokens.generateKey(KEY_ID);
      Path temp = Files.createTempFile(data, "signing-key", ".tmp");
      trySetOwnerOnly(temp);
      Files.writeString(
          temp, Base64.getEncoder().encodeToString(key.secret()), StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the signing key in " + data, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          file
              + " does not hold a valid key; delete it to make a new one (old links stop working)");
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
