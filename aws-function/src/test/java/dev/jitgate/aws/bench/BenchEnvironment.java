package dev.jitgate.aws.bench;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment the API function gets in the custom runtime's training run: what Terraform sets,
 * with DynamoDB Local on loopback, an identity provider's JWKS on loopback, fresh keys and the
 * DynamoDB Local dummy credentials.
 */
public final class BenchEnvironment {
  public static final String TABLE = "jitgate-bench";

  private static final SecureRandom RANDOM = new SecureRandom();

  private BenchEnvironment() {}

  public static Map<String, String> function(int dynamoPort, URI jwks, String policy) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHONLY");
    env.put("AWS_SECRET_ACCESS_KEY", "bench-only-secret");
    env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + dynamoPort);
    env.put("JITGATE_TABLE", TABLE);
    env.put("JITGATE_POLICY", policy);
    env.put("JITGATE_BASE_URL", "https://jitgate.example.com");
    env.put(
        "JITGATE_SIGNING_KEYS", "{\"active\":\"k1\",\"keys\":{\"k1\":\"" + randomKey() + "\"}}");
    env.put("JITGATE_AUDIT_KEY", randomKey());
    env.put("JITGATE_AUTH", "apigateway-jwt");
    env.put("JITGATE_OIDC_ISSUER", "https://id.example.com");
    env.put("JITGATE_OIDC_AUDIENCE", "jitgate");
    env.put("JITGATE_OIDC_JWKS_URI", jwks.toString());
    env.put("JITGATE_MAIL", "ses");
    env.put("JITGATE_MAIL_FROM", "jitgate@example.com");
    return env;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
