package dev.jitgate.testing;

import dev.jitgate.token.ApprovalTokens;
import dev.jitgate.token.SigningKey;
import java.util.Base64;

/** The values of {@code JITGATE_SIGNING_KEYS} and {@code JITGATE_AUDIT_KEY} for tests. */
public final class SigningKeysJson {
  private SigningKeysJson() {}

  /** {@code {"active":…,"keys":{…}}} with a fresh key for each id. */
  public static String of(String active, String... ids) {
    StringBuilder keys = new StringBuilder();
    for (String id : ids) {
      SigningKey key = ApprovalTokens.generateKey(id);
      if (keys.length() > 0) {
        keys.append(',');
      }
      keys.append('"')
          .append(id)
          .append("\":\"")
          .append(Base64.getEncoder().encodeToString(key.secret()))
          .append('"');
    }
    return "{\"active\":\"" + active + "\",\"keys\":{" + keys + "}}";
  }

  /** A fresh {@code JITGATE_AUDIT_KEY}: base64 of 32 random bytes. */
  public static String auditKey() {
    return Base64.getEncoder().encodeToString(ApprovalTokens.generateKey("audit").secret());
  }
}
