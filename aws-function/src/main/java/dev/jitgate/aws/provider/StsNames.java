package dev.jitgate.aws.provider;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The names STS and IAM take from a request: role session name, SourceIdentity and the revoke
 * policy's name. STS API reference, AssumeRole: RoleSessionName and SourceIdentity are 2 to 64
 * characters of {@code [\w+=,.@-]}; IAM policy names are up to 128 of the same.
 */
final class StsNames {
  static final String REVOKE_POLICY_PREFIX = "jitgate-revoke-";
  static final String REQUEST_TAG = "jitgate-request";

  private static final Pattern ALLOWED = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\w+=,.@-]");
  private static final int MAX = 64;
  private static final int HASH_CHARS = 10;

  private StsNames() {}

  /** {@code jitgate-<request id>}; request ids are URL-safe, which STS allows. */
  static String sessionName(RequestId request) {
    String name = "jitgate-" + request.value();
    return name.length() > MAX ? name.substring(0, MAX) : name;
  }

  /**
   * The requester's e-mail when STS allows it as it is. Otherwise (a character STS refuses, or more
   * than 64 characters) the refused characters become {@code _}, and a hash of the whole address
   * keeps two people apart: the revoke policy denies by this value, so it must never be shared.
   */
  static String sourceIdentity(UserId user) {
    String email = user.email();
    if (ALLOWED.matcher(email).matches()) {
      return email;
    }
    String cleaned = NOT_ALLOWED.matcher(email).replaceAll("_");
    int keep = Math.min(cleaned.length(), MAX - HASH_CHARS - 1);
    return cleaned.substring(0, keep) + "-" + sha256(email).substring(0, HASH_CHARS);
  }

  /** One inline policy per requester and role, so repeated revokes update it in place. */
  static String revokePolicyName(String sourceIdentity) {
    return REVOKE_POLICY_PREFIX + sourceIdentity;
  }

  /** The role's name: the ARN's last path segment (IAM takes the name, not the path). */
  static String roleName(String roleArn) {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
