package dev.jitgate.config;

import dev.jitgate.port.RequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code JITGATE_STORE}: the platform's own store (DynamoDB, Table storage, Firestore), or a
 * PostgreSQL database that deployments on several clouds share. PostgreSQL is reached over TLS with
 * the server's certificate and host name verified, or not at all.
 */
public final class StoreSetting {
  public static final String NAME = "JITGATE_STORE";
  public static final String POSTGRESQL = "postgresql";
  public static final String URL = "JITGATE_JDBC_URL";
  public static final String USER = "JITGATE_JDBC_USER";
  public static final String PASSWORD = "JITGATE_JDBC_PASSWORD";

  private StoreSetting() {}

  /** The store chosen, and whether other deployments may share it. */
  public record Choice(RequestStore store, boolean shared) {}

  /**
   * The store {@code JITGATE_STORE} names: {@code nativeName} (the default) or {@code postgresql}.
   * The native store is built only when chosen.
   */
  public static Choice read(
      Environment env, String nativeName, Supplier<RequestStore> nativeStore) {
    String mode = env.get(NAME, nativeName).toLowerCase(Locale.ROOT);
    if (mode.equals(nativeName)) {
      return new Choice(nativeStore.get(), false);
    }
    if (mode.equals(POSTGRESQL)) {
      return new Choice(postgresql(env), true);
    }
    throw env.invalid(NAME, "must be " + nativeName + " or " + POSTGRESQL);
  }

  /** The PostgreSQL store of {@code JITGATE_JDBC_URL}, {@code _USER} and {@code _PASSWORD}. */
  static RequestStore postgresql(Environment env) {
    String url =
        env.required(
            URL,
            "the PostgreSQL JDBC URL, jdbc:postgresql://<host>:<port>/<database>"
                + "?sslmode=verify-full");
    requireVerifiedTls(env, url);
    return JdbcStores.postgresForFunction(
        url,
        env.required(USER, "the database user"),
        env.required(PASSWORD, "the database user's password"));
  }

  /**
   * The URL must ask pgJDBC for {@code sslmode=verify-full}: encrypted, and the server's
   * certificate checked against a trusted root and its host name. Errors never repeat the URL,
   * which may carry credentials.
   */
  static void requireVerifiedTls(Environment env, String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw env.invalid(URL, "must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
    }
    Map<String, String> params = parameters(url);
    String mode = params.getOrDefault("sslmode", "");
    if (!mode.equals("verify-full")) {
      throw env.invalid(
          URL,
          "must set sslmode=verify-full (it has "
              + (mode.isEmpty() ? "none" : "sslmode=" + mode)
              + "): the database is reached over TLS with its certificate and host name verified;"
              + " add sslrootcert=<CA file>, or"
              + " sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory to trust the JVM's CAs");
    }
    String factory = params.getOrDefault("sslfactory", "");
    if (factory.endsWith("NonValidatingFactory")) {
      throw env.invalid(
          URL, "must not use NonValidatingFactory, which skips the certificate check");
    }
  }

  private static Map<String, String> parameters(String url) {
    Map<String, String> params = new LinkedHashMap<>();
    int query = url.indexOf('?');
    if (query < 0) {
      return params;
    }
    for (String pair : url.substring(query + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      params.put(key, eq < 0 ? "" : pair.substring(eq + 1));
    }
    return params;
  }
}
