package dev.jitgate.aws;

import dev.jitgate.config.Environment;
import dev.jitgate.config.SigningKeysSetting;
import dev.jitgate.token.ApprovalTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The approval-link signing keys given as a KMS ciphertext in {@code JITGATE_SIGNING_KEYS_KMS}
 * (what Terraform's {@code aws_kms_ciphertext} makes of the secret), decrypted once when the
 * function starts. Only the functions' roles may decrypt it, and only with the encryption context
 * {@code jitgate:setting=JITGATE_SIGNING_KEYS}, so a principal that can read the function's
 * configuration gets a ciphertext it cannot use. {@code JITGATE_SIGNING_KEYS_KMS_KEY}, when set,
 * pins the key, so a ciphertext made under any other key is refused.
 *
 * <p>The plain {@code JITGATE_SIGNING_KEYS} is still accepted, for local runs and tests; a function
 * on Lambda that uses it logs a warning, and Terraform never sets it. Giving both is an error. No
 * error carries the ciphertext, the plaintext or a parser's message.
 */
final class KmsSigningKeys {
  static final String CIPHERTEXT = "JITGATE_SIGNING_KEYS_KMS";
  static final String KEY = "JITGATE_SIGNING_KEYS_KMS_KEY";

  /** Bound to the ciphertext; the key policy allows Decrypt with exactly this context. */
  static final Map<String, String> CONTEXT = Map.of("jitgate:setting", "JITGATE_SIGNING_KEYS");

  private static final String CONTEXT_TEXT = "jitgate:setting=JITGATE_SIGNING_KEYS";
  private static final Logger LOG = Logger.getLogger(KmsSigningKeys.class.getName());

  private KmsSigningKeys() {}

  /**
   * The tokens for the keys in {@code JITGATE_SIGNING_KEYS_KMS}, decrypted with one KMS call; empty
   * when the environment gives the plain {@code JITGATE_SIGNING_KEYS} instead, which the builder
   * reads without any call.
   *
   * @param kms the client, asked for only when there is something to decrypt
   * @throws IllegalStateException naming the variable and what KMS said, when the keys cannot be
   *     had
   */
  static Optional<ApprovalTokens> tokens(Environment env, Supplier<KmsClient> kms, Clock clock) {
    Optional<String> ciphertext = env.optional(CIPHERTEXT);
    if (ciphertext.isEmpty()) {
      if (env.optional(SigningKeysSetting.NAME).isPresent()
          && env.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent()) {
        LOG.warning(
            SigningKeysSetting.NAME
                + " holds the signing keys in plain text, which lambda:GetFunctionConfiguration"
                + " shows to every reader of this function; give them encrypted in "
                + CIPHERTEXT
                + " (the Terraform module does)");
      }
      return Optional.empty();
    }
    if (env.optional(SigningKeysSetting.NAME).isPresent()) {
      throw new IllegalStateException(
          "set either "
              + CIPHERTEXT
              + " (the signing keys encrypted with KMS) or "
              + SigningKeysSetting.NAME
              + " (plain, for local runs), not both");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(ciphertext.get());
    } catch (IllegalArgumentException e) {
      throw env.invalid(
          CIPHERTEXT, "must be the base64 ciphertext_blob of the signing keys' aws_kms_ciphertext");
    }
    Optional<String> key = env.optional(KEY);
    String plaintext = decrypt(kms.get(), blob, key);
    return Optional.of(SigningKeysSetting.tokens(CIPHERTEXT + " (decrypted)", plaintext, clock));
  }

  private static String decrypt(KmsClient kms, byte[] blob, Optional<String> key) {
    try {
      return kms.decrypt(
              r ->
                  r.ciphertextBlob(SdkBytes.fromByteArray(blob))
                      .encryptionContext(CONTEXT)
                      .keyId(key.orElse(null)))
          .plaintext()
          .asString(StandardCharsets.UTF_8);
    } catch (SdkException e) {
      throw explained(e, key);
    }
  }

  /** What went wrong, for an admin: the variable, the key, the context, and what KMS said. */
  private static IllegalStateException explained(SdkException e, Optional<String> key) {
    String which = key.map(k -> "key " + k).orElse("the key named in the ciphertext");
    String code = code(e);
    String advice =
        switch (code) {
          case "AccessDeniedException" ->
              "KMS refused kms:Decrypt of "
                  + CIPHERTEXT
                  + " with "
                  + which
                  + " to this function's role: the key policy must allow the role kms:Decrypt"
                  + " with the encryption context "
                  + CONTEXT_TEXT
                  + " (the Terraform module allows the API and sweep roles only)";
          case "InvalidCiphertextException" ->
              CIPHERTEXT
                  + " is not a ciphertext KMS can decrypt with the encryption context "
                  + CONTEXT_TEXT
                  + ": encrypt the signing keys again with that context (terraform apply)";
          case "IncorrectKeyException" ->
              CIPHERTEXT
                  + " was encrypted under another key than "
                  + KEY
                  + " ("
                  + which
                  + "): encrypt the signing keys again under it (terraform apply)";
          case "DisabledException", "KMSInvalidStateException" ->
              "KMS cannot decrypt " + CIPHERTEXT + " with " + which + " in its present state";
          default -> "KMS could not decrypt " + CIPHERTEXT + " with " + which;
        };
    // The exception itself is not attached: its request may be logged with the ciphertext.
    return new IllegalStateException(advice + ": " + describe(e));
  }

  private static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      return code == null ? "" : code;
    }
    return "";
  }

  /** Code, status and message of a service error; the class and message of a client error. */
  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String message = service.awsErrorDetails().errorMessage();
      return code(e)
          + " (HTTP "
          + service.statusCode()
          + ")"
          + (message == null || message.isBlank() ? "" : ": " + message);
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
