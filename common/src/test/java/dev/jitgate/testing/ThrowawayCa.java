package dev.jitgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A certificate authority that lives for one test run, made with the JDK's {@code keytool}: its
 * certificate as PEM, and server certificates it signs for {@code 127.0.0.1} and {@code localhost}.
 * Every file it writes is readable by its owner only.
 */
public final class ThrowawayCa {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final String CA_ALIAS = "ca";
  private static final int VALIDITY_DAYS = 2;

  private final Path directory;
  private final Path store;
  private final Keytool keytool;
  private final Path certificateFile;

  private ThrowawayCa(Path directory, Path store, Keytool keytool, Path certificateFile) {
    this.directory = directory;
    this.store = store;
    this.keytool = keytool;
    this.certificateFile = certificateFile;
  }

  /** A server's certificate (PEM) and its private key (unencrypted PKCS#8 PEM). */
  public record ServerCertificate(Path certificateFile, Path privateKeyFile) {}

  /**
   * A new CA named {@code name} (lower-case letters, digits, '-'), whose files go to {@code
   * directory}: {@code <name>.p12} (its key and those it issues, under a random password) and
   * {@code <name>.pem}, its certificate.
   */
  public static ThrowawayCa create(Path directory, String name) throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a CA name is 1 to 32 lower-case letters, digits or '-'");
    }
    Keytool keytool = new Keytool(directory, randomPassword());
    Path store = directory.resolve(name + ".p12");
    keytool.run(
        "-genkeypair",
        "-keystore",
        store.getFileName().toString(),
        "-alias",
        CA_ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=jitgate throwaway test CA " + name,
        "-ext",
        "bc:c",
        "-ext",
        "ku:c=keyCertSign,cRLSign",
        "-validity",
        String.valueOf(VALIDITY_DAYS));
    ownerOnly(store);
    Path pem = directory.resolve(name + ".pem");
    try {
      writeOwnerOnly(
          pem, pem("CERTIFICATE", keyStore(keytool, store).getCertificate(CA_ALIAS).getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the CA certificate keytool made", e);
    }
    return new ThrowawayCa(directory, store, keytool, pem);
  }

  /** The CA's certificate, PEM: what a client names as its trusted root. */
  public Path certificateFile() {
    return certificateFile;
  }

  /**
   * A new key pair and a certificate for it, signed by this CA, for a server at {@code 127.0.0.1}
   * and {@code localhost} (subject alternative names IP and DNS): {@code <server>.crt} and {@code
   * <server>.key} in this CA's directory.
   */
  public ServerCertificate issueServerCertificate(String server) throws IOException {
    if (!NAME.matcher(server).matches() || server.equals(CA_ALIAS)) {
      throw new IllegalArgumentException(
          "a server name is 1 to 32 lower-case letters, digits or '-', and not 'ca'");
    }
    // -signer makes keytool sign the new certificate with the CA's key in the same store: one run
    // instead of -genkeypair, -certreq and -gencert.
    keytool.run(
        "-genkeypair",
        "-keystore",
        store.getFileName().toString(),
        "-alias",
        server,
        "-signer",
        CA_ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-ext",
        "eku=serverAuth",
        "-ext",
        "ku:c=digitalSignature",
        "-validity",
        String.valueOf(VALIDITY_DAYS));
    Path certificate = directory.resolve(server + ".crt");
    Path key = directory.resolve(server + ".key");
    try {
      KeyStore entries = keyStore(keytool, store);
      writeOwnerOnly(certificate, pem("CERTIFICATE", entries.getCertificate(server).getEncoded()));
      // A private key's getEncoded() is PKCS#8: the "PRIVATE KEY" PEM that OpenSSL reads.
      PrivateKey privateKey = (PrivateKey) entries.getKey(server, keytool.storePassword());
      writeOwnerOnly(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read what keytool made for " + server, e);
    }
    return new ServerCertificate(certificate, key);
  }

  private static KeyStore keyStore(Keytool keytool, Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, keytool.storePassword());
      return store;
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
  }

  private static void ownerOnly(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
