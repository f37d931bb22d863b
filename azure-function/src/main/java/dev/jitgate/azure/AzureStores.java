package dev.jitgate.azure;

import dev.jitgate.azure.store.TableRequestStore;
import dev.jitgate.config.Environment;
import dev.jitgate.port.RequestStore;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * The Table storage store of {@code JITGATE_TABLES_ENDPOINT} (with the function's managed identity)
 * or {@code JITGATE_TABLES_CONNECTION_STRING} (Azurite, tests), in table {@code JITGATE_TABLE}.
 */
final class AzureStores {
  static final String ENDPOINT = "JITGATE_TABLES_ENDPOINT";
  static final String CONNECTION_STRING = "JITGATE_TABLES_CONNECTION_STRING";
  static final String TABLE = "JITGATE_TABLE";
  static final String DEFAULT_TABLE = "jitgaterequests";

  /**
   * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
   */
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

  private AzureStores() {}

  static RequestStore fromEnvironment(Environment env, AzureClients clients, Clock clock) {
    String table = env.get(TABLE, DEFAULT_TABLE);
    if (!TABLE_NAME.matcher(table).matches()) {
      throw env.invalid(TABLE, "must be 3 to 63 letters and digits, starting with a letter");
    }
    if (env.optional(CONNECTION_STRING).isPresent()) {
      if (env.optional(ENDPOINT).isPresent()) {
        throw env.invalid(CONNECTION_STRING, "and " + ENDPOINT + " are both set: set one");
      }
      return TableRequestStore.connectWithConnectionString(
          env.optional(CONNECTION_STRING).get(), table, clock);
    }
    String endpoint =
        env.required(
            ENDPOINT, "the Table storage endpoint, https://<account>.table.core.windows.net");
    if (!endpoint.startsWith("https://")) {
      throw env.invalid(ENDPOINT, "must be an https:// URL");
    }
    return TableRequestStore.connect(endpoint, clients.credential(), table, clock);
  }
}
