package dev.jitgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.token.ApprovalTokens;
import dev.jitgate.token.SigningKey;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the approval-link keys from {@code JITGATE_SIGNING_KEYS}: {@code
 * {"active":"k2","keys":{"k1":"<base64>","k2":"<base64>"}}}, each secret at least 32 bytes. New
 * links are signed with the active key; links signed with any listed key are accepted, so a key can
 * be rotated by adding a new one, making it active, and removing the old one after the longest
 * approval timeout. A platform that keeps the keys encrypted decrypts them itself and hands the
 * JSON to {@link #tokens(String, String, Clock)}.
 */
public final class SigningKeysSetting {
  public static final String NAME = "JITGATE_SIGNING_KEYS";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String FORM =
      "must be JSON like {\"active\":\"k1\",\"keys\":{\"k1\":\"<base64 of 32 random bytes>\"}}";

  private SigningKeysSetting() {}

  /**
   * The tokens for the configured keys. No error carries the variable's text or a parser's message,
   * since either could quote a secret into the logs.
   */
  public static ApprovalTokens tokens(Environment env, Clock clock) {
    String value = env.required(NAME, "the approval-link signing keys, as JSON (see the README)");
    return tokens(NAME, value, clock);
  }

  /**
   * The tokens for keys a platform obtained itself, such as by decrypting a ciphertext, in the same
   * JSON form as {@code JITGATE_SIGNING_KEYS}. Errors name {@code source} and never carry the value
   * or a parser's message.
   *
   * @param source where the value came from, for errors, such as {@code "JITGATE_SIGNING_KEYS_KMS
   *     (decrypted)"}
   * @throws IllegalStateException when the value is not usable
   */
  public static ApprovalTokens tokens(String source, String value, Clock clock) {
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (IOException e) {
      throw invalid(source, FORM);
    }
    if (root == null
        || !root.isObject()
        || !root.path("active").isTextual()
        || !root.path("keys").isObject()
        || root.path("keys").isEmpty()
        || !Set.of("active", "keys").containsAll(fieldNames(root))) {
      throw invalid(source, FORM);
    }
    List<SigningKey> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.path("keys").properties()) {
      keys.add(key(source, entry.getKey(), entry.getValue()));
    }
    try {
      return new ApprovalTokens(keys, root.path("active").asText(), clock);
    } catch (IllegalArgumentException e) {
      // ApprovalTokens' messages name key ids only.
      throw invalid(source, "is not usable: " + e.getMessage());
    }
  }

  private static SigningKey key(String source, String id, JsonNode secret) {
    if (!secret.isTextual()) {
      throw invalid(source, "must give key " + id + " as a base64 string");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(secret.asText());
    } catch (IllegalArgumentException e) {
      throw invalid(source, "must give key " + id + " as standard base64");
    }
    try {
      return new SigningKey(id, bytes);
    } catch (IllegalArgumentException e) {
      throw invalid(source, "has an unusable key " + id + ": " + e.getMessage());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The same wording as {@link Environment#invalid}, for a value that came from elsewhere. */
  private static IllegalStateException invalid(String source, String problem) {
    return new IllegalStateException("the environment variable " + source + " " + problem);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
