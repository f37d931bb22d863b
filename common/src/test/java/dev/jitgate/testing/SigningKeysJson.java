package dev.jitgate.testing;

import dev.jitgate.token.ApprovalTokens;
import dev.jitgate.token.SigningKey;
import java.util.Base64;

/** The value of {@code JITGATE_SIGNING_KEYS} for tests, with fresh random keys. */
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
}
