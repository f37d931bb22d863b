package dev.jitgate.aws.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bench's KMS: answers {@code TrentService.Decrypt} on 127.0.0.1 (JSON 1.1, as KMS does) for
 * one made-up ciphertext, with the signing keys it was started with, and only with the encryption
 * context the Terraform module binds to them; anything else gets KMS's InvalidCiphertextException.
 * Writes, into the directory given, {@code kms.ciphertext} (base64, for JITGATE_SIGNING_KEYS_KMS)
 * and then {@code kms.port}. The keys come from the environment variable {@code
 * BENCH_SIGNING_KEYS}. Serves until killed. Being on loopback, it hides the network time a real KMS
 * call costs.
 */
public final class KmsOnLoopback {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KmsOnLoopback() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    byte[] plaintext = System.getenv("BENCH_SIGNING_KEYS").getBytes(StandardCharsets.UTF_8);
    byte[] blob = new byte[184];
    new SecureRandom().nextBytes(blob);
    String ciphertext = Base64.getEncoder().encodeToString(blob);
    String answer =
        JSON.createObjectNode()
            .put("KeyId", "arn:aws:kms:eu-west-1:123456789012:key/bench")
            .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
            .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
            .toString();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          boolean ours =
              "TrentService.Decrypt".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                  && ciphertext.equals(request.path("CiphertextBlob").asText())
                  && "JITGATE_SIGNING_KEYS"
                      .equals(request.path("EncryptionContext").path("jitgate:setting").asText());
          if (ours) {
            send(exchange, 200, "", answer);
          } else {
            send(
                exchange,
                400,
                "InvalidCiphertextException",
                "{\"__type\":\"InvalidCiphertextException\",\"message\":\"\"}");
          }
        });
    server.start();
    Files.writeString(dir.resolve("kms.ciphertext"), ciphertext, StandardCharsets.UTF_8);
    Path partial = dir.resolve("kms.port.tmp");
    Files.writeString(
        partial, Integer.toString(server.getAddress().getPort()), StandardCharsets.UTF_8);
    Files.move(partial, dir.resolve("kms.port"));
  }

  private static void send(HttpExchange exchange, int status, String errorType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    if (!errorType.isEmpty()) {
      exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
