package dev.jitgate.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A service-account key file in the JSON format Google issues, for a made-up account with a fresh
 * RSA key: enough for the application default credentials ({@code GOOGLE_APPLICATION_CREDENTIALS})
 * to load, so that Google's clients can be created without a network. Only test servers that know
 * {@link #publicKey} accept what it signs.
 *
 * @param file the key file
 * @param email the account, the issuer of the JWTs Google's clients sign with the key
 * @param publicKey verifies those JWTs
 */
public record FakeServiceAccountKey(Path file, String email, RSAPublicKey publicKey) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Writes {@code file}, readable by its owner only, for an account of {@code projectId}. */
  public static FakeServiceAccountKey write(Path file, String projectId)
      throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    String email = "jitgate-test@" + projectId + ".iam.gserviceaccount.com";
    byte[] keyId = new byte[20];
    new SecureRandom().nextBytes(keyId);
    ObjectNode key =
        JSON.createObjectNode()
            .put("type", "service_account")
            .put("project_id", projectId)
            .put("private_key_id", HexFormat.of().formatHex(keyId))
            .put("private_key", pem)
            .put("client_email", email)
            .put("client_id", "100000000000000000001")
            .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
            .put("token_uri", "https://oauth2.googleapis.com/token")
            .put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs")
            .put(
                "client_x509_cert_url",
                "https://www.googleapis.com/robot/v1/metadata/x509/" + email.replace("@", "%40"))
            .put("universe_domain", "googleapis.com");
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(key));
    return new FakeServiceAccountKey(file, email, (RSAPublicKey) pair.getPublic());
  }
}
