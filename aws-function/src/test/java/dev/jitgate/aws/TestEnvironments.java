package dev.jitgate.aws;

import dev.jitgate.testing.SigningKeysJson;
import java.util.HashMap;
import java.util.Map;

/** Complete, valid environments for the AWS composition root, which tests then change. */
final class TestEnvironments {
  static final String POLICY = "policy/aws-test-policy.yaml";

  private TestEnvironments() {}

  /** An OIDC, SES deployment whose every endpoint is {@code trap}. */
  static Map<String, String> oidc(LoopbackTrap trap) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ENDPOINT_URL", trap.uri("").toString());
    env.put("JITGATE_TABLE", "jitgate-requests");
    env.put("JITGATE_POLICY", POLICY);
    env.put("JITGATE_BASE_URL", "https://jitgate.example.com");
    env.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k2", "k1", "k2"));
    env.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    env.put("JITGATE_AUTH", "oidc");
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", trap.uri("/jwks").toString());
    env.put("JITGATE_MAIL", "ses");
    env.put("JITGATE_MAIL_FROM", "jitgate@example.com");
    return env;
  }
}
