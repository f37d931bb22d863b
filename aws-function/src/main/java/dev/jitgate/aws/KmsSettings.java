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
 * Secret settings given as KMS ciphertexts, decrypted once when the function starts. A secret
 * setting {@code NAME} (such as {@code JITGATE_SIGNING_KEYS}) may come as {@code NAME_KMS}, the
 * base64 ciphertext that Terraform's {@code aws_kms_ciphertext} makes of it with the encryption
 * context {@code jitgate:setting=NAME}; {@code NAME_KMS_KEY}, when set, pins the key, so a
 * ciphertext made under any other key is refused. The key policy lets only the functions' roles
 * decrypt, with that context only, so a principal that can read the function's configuration gets a
 * ciphertext it cannot use.
 *
 * <p>The plain {@code NAME} is still accepted, for local runs and tests; a function on Lambda that
 * uses it logs a warning, and Terraform never sets it. Giving both is an error. No error carries
 * the ciphertext, the plaintext or a parser's message.
 */
final class KmsSettings {
  /** The suffix of the variable that holds a setting's ciphertext. */
  static final String CIPHERTEXT_SUFFIX = "_KMS";

  /** The suffix of the variable that names the key a setting's ciphertext must be under. */
  static final String KEY_SUFFIX = "_KMS_KEY";

  /** The encryption-context key; its value is the setting's name. */
  static final String CONTEXT_KEY = "jitgate:setting";

  static final String SIGNING_KEYS_CIPHERTEXT = SigningKeysSetting.NAME + CIPHERTEXT_SUFFIX;
  static final String SIGNING_KEYS_KEY = SigningKeysSetting.NAME + KEY_SUFFIX;

  private static final Logger LOG = Logger.getLogger(KmsSettings.class.getName());

  private KmsSettings() {}

  /**
   * The approval-link tokens for the keys in {@code JITGATE_SIGNING_KEYS_KMS}; empty when the
   * environment gives the plain {@code JITGATE_SIGNING_KEYS} instead, which the builder reads
   * without any call.
   *
   * @param kms the client, asked for only when there is something to decrypt
   * @throws IllegalStateException naming the variable and what KMS said, when the keys cannot be
   *     had
   */
  static Optional<ApprovalTokens> signingKeys(
      Environment env, Supplier<KmsClient> kms, Clock clock) {
    return decrypted(env, SigningKeysSetting.NAME, kms)
        .map(
            keys ->
                SigningKeysSetting.tokens(SIGNING_KEYS_CIPHERTEXT + " (decrypted)", keys, clock));
  }

  /**
   * The plaintext of {@code setting + "_KMS"}, decrypted with one KMS call under the encryption
   * context {@code jitgate:setting=<setting>}; empty when only the plain {@code setting} is given
   * (or neither), which is left to its usual reader.
   *
   * @throws IllegalStateException when both are given, or the ciphertext cannot be decrypted
   */
  static Optional<String> decrypted(Environment env, String setting, Supplier<KmsClient> kms) {
    String variable = setting + CIPHERTEXT_SUFFIX;
    Optional<String> ciphertext = env.optional(variable);
    if (ciphertext.isEmpty()) {
      if (env.optional(setting).isPresent()
          && env.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent()) {
        LOG.warning(
            setting
                + " holds a secret in plain text, which lambda:GetFunctionConfiguration shows to"
                + " every reader of this function; give it encrypted in "
                + variable
                + " (the Terraform module does)");
      }
      return Optional.empty();
    }
    if (env.optional(setting).isPresent()) {
      throw new IllegalStateException(
          "set either "
              + variable
              + " (encrypted with KMS) or "
              + setting
              + " (plain, for local runs), not both");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(ciphertext.get());
    } catch (IllegalArgumentException e) {
      throw env.invalid(
          variable, "must be the base64 ciphertext_blob of " + setting + "'s aws_kms_ciphertext");
    }
    Optional<String> key = env.optional(setting + KEY_SUFFIX);
    try {
      return Optional.of(
          kms.get()
              .decrypt(
                  r ->
                      r.ciphertextBlob(SdkBytes.fromByteArray(blob))
                          .encryptionContext(Map.of(CONTEXT_KEY, setting))
                          .keyId(key.orElse(null)))
              .plaintext()
              .asString(StandardCharsets.UTF_8));
    } catch (SdkException e) {
      throw explained(e, setting, key);
    }
  }

  /** What went wrong, for an admin: the variable, the key, the context, and what KMS said. */
  private static IllegalStateException explained(
      SdkException e, String setting, Optional<String> key) {
    String variable = setting + CIPHERTEXT_SUFFIX;
    String context = CONTEXT_KEY + "=" + setting;
    String which = key.map(k -> "key " + k).orElse("the key named in the ciphertext");
    String advice =
        switch (code(e)) {
          case "AccessDeniedException" ->
              "KMS refused kms:Decrypt of "
                  + variable
                  + " with "
                  + which
                  + " to this function's role: the key policy must allow the role kms:Decrypt"
                  + " with the encryption context "
                  + context
                  + " (the Terraform module allows the API and sweep roles only)";
          case "InvalidCiphertextException" ->
              variable
                  + " is not a ciphertext KMS can decrypt with the encryption context "
                  + context
                  + ": encrypt it again with that context (terraform apply)";
          case "IncorrectKeyException" ->
              variable
                  + " was encrypted under another key than "
                  + setting
                  + KEY_SUFFIX
                  + " ("
                  + which
                  + "): encrypt it again under that key (terraform apply)";
          case "DisabledException", "KMSInvalidStateException" ->
              "KMS cannot decrypt " + variable + " with " + which + " in its present state";
          default -> "KMS could not decrypt " + variable + " with " + which;
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
