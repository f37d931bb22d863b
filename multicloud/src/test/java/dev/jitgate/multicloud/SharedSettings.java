package dev.jitgate.multicloud;

import dev.jitgate.config.Environment;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.SigningKeysJson;
import dev.jitgate.testing.TlsPostgres;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of deployments that share one PostgreSQL store: the same database, policy, signing
 * keys, audit key, identity provider and mail server for all; each its own name and base URL.
 */
final class SharedSettings {
  static final String POLICY = "policy/shared-policy.yaml";

  private final Map<String, String> shared = new HashMap<>();

  /**
   * @param jdbcUrl a database of {@code postgres}, reached with {@code sslmode=verify-full}
   * @param smtpPort the loopback SMTP server every deployment mails through, or 0 for no mail
   */
  SharedSettings(TlsPostgres postgres, String jdbcUrl, IdentityProviderStub idp, int smtpPort) {
    shared.put("JITGATE_STORE", "postgresql");
    shared.put("JITGATE_JDBC_URL", jdbcUrl);
    shared.put("JITGATE_JDBC_USER", postgres.user());
    shared.put("JITGATE_JDBC_PASSWORD", postgres.password());
    shared.put("JITGATE_POLICY", POLICY);
    // Generated once: approval links from any deployment's mail, and audit seals checked by every
    // deployment, need the same keys everywhere.
    shared.put("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1"));
    shared.put("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey());
    shared.put("JITGATE_AUTH", "oidc");
    shared.put("JITGATE_OIDC_ISSUER", IdentityProviderStub.ISSUER);
    shared.put("JITGATE_OIDC_AUDIENCE", IdentityProviderStub.AUDIENCE);
    shared.put("JITGATE_OIDC_JWKS_URI", idp.jwksUri().toString());
    if (smtpPort == 0) {
      shared.put("JITGATE_MAIL", "none");
    } else {
      shared.put("JITGATE_MAIL", "smtp");
      shared.put("JITGATE_MAIL_FROM", "jitgate@example.com");
      shared.put("JITGATE_SMTP_HOST", "127.0.0.1");
      shared.put("JITGATE_SMTP_PORT", String.valueOf(smtpPort));
      shared.put("JITGATE_SMTP_TLS", "none");
    }
  }

  /** The base URL of deployment {@code name}: where its approval links point. */
  static String baseUrl(String name) {
    return "https://jitgate-" + name + ".example.com";
  }

  /**
   * The environment of deployment {@code name} ({@code aws}, {@code azure} or {@code gcp}), with
   * {@code changes} on top; a null value removes a setting.
   */
  Environment forDeployment(String name, Map<String, String> changes) {
    Map<String, String> env = new HashMap<>(shared);
    env.put("JITGATE_DEPLOYMENT", name);
    env.put("JITGATE_BASE_URL", baseUrl(name));
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            env.remove(key);
          } else {
            env.put(key, value);
          }
        });
    return new Environment(Map.copyOf(env)::get);
  }
}
